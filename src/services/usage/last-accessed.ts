/**
 * Service last accessed data (access advisor, aws-iam-s3-more.md §A1.3) for a user, group, role or managed
 * policy: every service its permission policies allow, sorted by prefix, each with the last authenticated
 * request of the entities concerned within the 400-day tracking period — the user or role itself, a group's
 * members, or the users and roles a policy is attached to (directly or through a group) — and, for ACTION_LEVEL
 * jobs, every tracked action those policies allow, with its own last request when there was one.
 */
import { parseArn } from '../../arn/arn.js';
import type { PolicyDocument } from '../../policy/types.js';
import type * as Iam from '../../protocol/models/iam.js';
import type { IamIndex } from '../iam/iam-index.js';
import { arnOf } from '../iam/iam-index.js';
import type { ResolvedPolicy } from '../iam/iam-reads.js';
import { groupPolicies, managedPolicy, resolveManaged, rolePolicies, userPolicies } from '../iam/iam-reads.js';
import type { PrincipalPolicies } from '../iam/iam-reads.js';
import type { IamState } from '../iam/iam-state.js';
import { policyUsers } from '../iam/policy-usage.js';
import type { GroupRecord, IamRecord, RoleRecord, UserRecord } from '../iam/records.js';
import { allowedServices } from './allowed-services.js';
import type { ServiceCatalog } from '../service-catalog.js';
import { isTrackedAction, ACTION_TRACKED_SERVICES } from './tracked-actions.js';
import type { UsageIndex } from './usage-index.js';
import type { ServiceUse } from './usage-records.js';

/** Access advisor looks back 400 days (IAM-UG access_policies_access-advisor). */
const TRACKING_PERIOD_MS = 400 * 86_400_000;

export type Granularity = Iam.AccessAdvisorUsageGranularityType;

/** What a job names: an entity of the caller's account, or a managed policy it may attach. */
type ReportTarget =
  | { readonly kind: 'user'; readonly record: UserRecord }
  | { readonly kind: 'role'; readonly record: RoleRecord }
  | { readonly kind: 'group'; readonly record: GroupRecord }
  | { readonly kind: 'policy'; readonly arn: string; readonly policy: ResolvedPolicy };

/** An entity of a job, with its last request to each service it used. */
export interface JobEntity {
  readonly info: Iam.EntityInfo;
  readonly lastByNamespace: Readonly<Record<string, number>>;
}

export interface LastAccessedReport {
  readonly services: readonly Iam.ServiceLastAccessed[];
  readonly entities: readonly JobEntity[];
}

/** An IAM user, group or role of `account` by its exact ARN (the name matched case-insensitively, §2.1). */
function entityByArn<K extends 'user' | 'group' | 'role'>(
  index: IamIndex,
  kind: K,
  account: string,
  arn: string,
): Extract<IamRecord, { kind: K }> | undefined {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const record: UserRecord | GroupRecord | RoleRecord | undefined = index.byName(kind, account, name);
  // The same path, exactly; the name as byName matched it.
  return record !== undefined && arnOf(record).slice(0, -record.name.length) === arn.slice(0, -name.length)
    ? (record as Extract<IamRecord, { kind: K }>)
    : undefined;
}

/** The entity or policy an ARN names in `account`, or undefined when there is none. */
export function reportTarget(state: IamState, account: string, arn: string): ReportTarget | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam') return undefined;
  const kind = parsed.resource.slice(0, parsed.resource.indexOf('/'));
  switch (kind) {
    case 'user': {
      const record = entityByArn(state.index, 'user', account, arn);
      return record === undefined ? undefined : { kind: 'user', record };
    }
    case 'role': {
      const record = entityByArn(state.index, 'role', account, arn);
      return record === undefined ? undefined : { kind: 'role', record };
    }
    case 'group': {
      const record = entityByArn(state.index, 'group', account, arn);
      return record === undefined ? undefined : { kind: 'group', record };
    }
    case 'policy': {
      const managed = managedPolicy(state, arn);
      if (managed === undefined || (managed.scope === 'Local' && managed.record.account !== account)) return undefined;
      const policy = resolveManaged(state, arn, 'identity');
      return policy === undefined ? undefined : { kind: 'policy', arn, policy };
    }
    default:
      return undefined;
  }
}

function documentsOf(policies: PrincipalPolicies): PolicyDocument[] {
  const all = [...policies.inline, ...policies.managed, ...policies.groups.flatMap((group) => [...group.inline, ...group.managed])];
  return all.map((policy) => policy.document).filter((document): document is PolicyDocument => document !== undefined);
}

function targetDocuments(state: IamState, target: ReportTarget): PolicyDocument[] {
  switch (target.kind) {
    case 'user':
      return documentsOf(userPolicies(state, target.record));
    case 'role':
      return documentsOf(rolePolicies(state, target.record));
    case 'group': {
      const group = groupPolicies(state, target.record);
      return documentsOf({ inline: group.inline, managed: group.managed, groups: [], boundary: undefined });
    }
    case 'policy':
      return target.policy.document === undefined ? [] : [target.policy.document];
  }
}

/** The users and roles whose requests a job reports. */
function targetEntities(index: IamIndex, account: string, target: ReportTarget): (UserRecord | RoleRecord)[] {
  switch (target.kind) {
    case 'user':
    case 'role':
      return [target.record];
    case 'group':
      return index.groupMembers(target.record);
    case 'policy': {
      const users = policyUsers(index, account, target.arn);
      const members = users.groups.flatMap((group) => index.groupMembers(group));
      const unique = new Map<string, UserRecord | RoleRecord>();
      for (const entity of [...users.users, ...members, ...users.roles]) unique.set(entity.id, entity);
      return [...unique.values()];
    }
  }
}

function entityInfo(entity: UserRecord | RoleRecord): Iam.EntityInfo {
  return { Arn: arnOf(entity), Name: entity.name, Type: entity.kind === 'user' ? 'USER' : 'ROLE', Id: entity.id, Path: entity.path };
}

interface ReportDeps {
  readonly state: IamState;
  readonly usage: UsageIndex;
  readonly catalog: ServiceCatalog;
}

export async function lastAccessedReport(
  deps: ReportDeps,
  account: string,
  target: ReportTarget,
  granularity: Granularity,
  nowMs: number,
): Promise<LastAccessedReport> {
  const { state, usage, catalog } = deps;
  const allowed = await allowedServices(targetDocuments(state, target), catalog);
  const entities = targetEntities(state.index, account, target);
  // Each entity's uses within the tracking period, by service prefix.
  const uses = entities.map((entity) => ({
    entity,
    byNamespace: new Map(
      usage
        .servicesOf(account, entity.id)
        .filter((use) => use.lastMs <= nowMs && nowMs - use.lastMs <= TRACKING_PERIOD_MS)
        .map((use) => [use.namespace, use] as const),
    ),
  }));
  const services: Iam.ServiceLastAccessed[] = [];
  for (const namespace of [...allowed.keys()].sort()) {
    const name = await catalog.name(namespace);
    if (name === undefined) continue;
    const used = uses.map((entry) => entry.byNamespace.get(namespace)).filter((use): use is ServiceUse => use !== undefined);
    const last = used.reduce<ServiceUse | undefined>((latest, use) => (latest === undefined || use.lastMs > latest.lastMs ? use : latest), undefined);
    const tracked =
      granularity === 'ACTION_LEVEL' && ACTION_TRACKED_SERVICES.has(namespace)
        ? await trackedActions(catalog, namespace, allowed.get(namespace) ?? new Set<string>(), used, nowMs)
        : undefined;
    services.push({
      ServiceName: name,
      ServiceNamespace: namespace,
      ...(last === undefined
        ? {}
        : { LastAuthenticated: last.lastMs, LastAuthenticatedEntity: last.entityArn, LastAuthenticatedRegion: last.region }),
      TotalAuthenticatedEntities: used.length,
      ...(tracked === undefined ? {} : { TrackedActionsLastAccessed: tracked }),
    });
  }
  return {
    services,
    entities: uses.map(({ entity, byNamespace }) => ({
      info: entityInfo(entity),
      lastByNamespace: Object.fromEntries([...byNamespace].map(([namespace, use]) => [namespace, use.lastMs])),
    })),
  };
}

/** Every tracked action allowed, with the last request any of the entities made to it. */
async function trackedActions(
  catalog: ServiceCatalog,
  namespace: string,
  allowed: 'all' | ReadonlySet<string>,
  used: readonly ServiceUse[],
  nowMs: number,
): Promise<Iam.TrackedActionLastAccessed[]> {
  const actions = (await catalog.actions(namespace)).filter(
    (action) => isTrackedAction(namespace, action) && (allowed === 'all' || allowed.has(action.name)),
  );
  return actions
    .map((action) => action.name)
    .sort()
    .map((name) => {
      let last: { ms: number; region: string; entity: string } | undefined;
      for (const use of used) {
        const action = use.actions[name];
        if (action !== undefined && nowMs - action.ms <= TRACKING_PERIOD_MS && (last === undefined || action.ms > last.ms)) {
          last = { ...action, entity: use.entityArn };
        }
      }
      return last === undefined
        ? { ActionName: name }
        : { ActionName: name, LastAccessedEntity: last.entity, LastAccessedTime: last.ms, LastAccessedRegion: last.region };
    });
}
