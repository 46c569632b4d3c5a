/**
 * Managed policy attachments: Attach/Detach{User,Group,Role}Policy, ListAttached{User,Group,Role}Policies
 * (at most 10 per entity: `Cannot exceed quota for PoliciesPerRole: 10`, aws-behaviour.md §2.2), and
 * ListEntitiesForPolicy.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import type { IamChange } from '../iam-changes.js';
import { iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import type { IamQuotas } from '../iam-quotas.js';
import { managedPolicy } from '../iam-reads.js';
import { DEFAULT_PATH, isAttachable, requireGroup, requireRole, requireUser } from '../lookup.js';
import { nameKey, paginate } from '../paginate.js';
import { policyUsers } from '../policy-usage.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../records.js';
import { entityArn, roleRef } from '../resources.js';
import { requireReadablePolicy } from './managed-policies.js';

type Owner = UserRecord | GroupRecord | RoleRecord;

interface Family {
  readonly noun: 'user' | 'group' | 'role';
  readonly title: 'User' | 'Group' | 'Role';
  readonly find: (index: IamIndex, account: string, name: string) => Owner;
  readonly limit: (quotas: IamQuotas) => number;
}

const FAMILIES: readonly Family[] = [
  { noun: 'user', title: 'User', find: requireUser, limit: (q) => q.attachedPerUser },
  { noun: 'group', title: 'Group', find: requireGroup, limit: (q) => q.attachedPerGroup },
  { noun: 'role', title: 'Role', find: requireRole, limit: (q) => q.attachedPerRole },
];

type AttachInput = Readonly<Record<string, string | number | undefined>>;

const str = (input: AttachInput, member: string): string => String(input[member] ?? '');

function ownerChanged(owner: Owner): IamChange {
  switch (owner.kind) {
    case 'user':
      return { type: 'user-changed', account: owner.account, userId: owner.id };
    case 'group':
      return { type: 'group-changed', account: owner.account, groupId: owner.id };
    case 'role':
      return { type: 'role-policies-changed', role: roleRef(owner) };
  }
}

function operationsFor(family: Family): Operation[] {
  const { noun, title } = family;
  const ownerMember = `${title}Name`;
  const resources = (input: AttachInput, ctx: ServiceContext): string[] => [entityArn(ctx, noun, str(input, ownerMember))];

  const attach = defineOperation<AttachInput, Record<string, never>>({
    name: `Attach${title}Policy`,
    authorization: { kind: 'policy', action: `iam:Attach${title}Policy`, resources },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const owner = family.find(index, ctx.account, str(input, ownerMember));
        const arn = str(input, 'PolicyArn');
        if (!isAttachable(ctx.iam, ctx.account, arn)) throw iamErrors.policyNotAttachable(arn);
        if (owner.attached.includes(arn)) return { writes: [], result: {} };
        const limit = family.limit(ctx.iam.quotas);
        if (owner.attached.length >= limit) throw iamErrors.quota(`PoliciesPer${title}`, limit);
        const updated: Owner = { ...owner, attached: [...owner.attached, arn] };
        return { writes: [{ op: 'put', record: updated }], events: [ownerChanged(updated)], result: {} };
      }, ctx.requestId),
  });

  const detach = defineOperation<AttachInput, Record<string, never>>({
    name: `Detach${title}Policy`,
    authorization: { kind: 'policy', action: `iam:Detach${title}Policy`, resources },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const owner = family.find(index, ctx.account, str(input, ownerMember));
        const arn = str(input, 'PolicyArn');
        if (!owner.attached.includes(arn)) throw iamErrors.policyNotFound(arn);
        const updated: Owner = { ...owner, attached: owner.attached.filter((a) => a !== arn) };
        return { writes: [{ op: 'put', record: updated }], events: [ownerChanged(updated)], result: {} };
      }, ctx.requestId),
  });

  const list = defineOperation<AttachInput, Record<string, unknown>>({
    name: `ListAttached${title}Policies`,
    authorization: { kind: 'policy', action: `iam:ListAttached${title}Policies`, resources },
    handle: async (input, ctx) => {
      const owner = family.find(ctx.iam.index, ctx.account, str(input, ownerMember));
      const prefix = typeof input['PathPrefix'] === 'string' ? input['PathPrefix'] : DEFAULT_PATH;
      const attached: Iam.AttachedPolicy[] = [];
      for (const arn of owner.attached) {
        const policy = managedPolicy(ctx.iam, arn);
        if (policy === undefined) continue;
        const [name, path] = policy.scope === 'AWS' ? [policy.aws.name, policy.aws.path] : [policy.record.name, policy.record.path];
        if (path.startsWith(prefix)) attached.push({ PolicyName: name, PolicyArn: arn });
      }
      const order = (p: Iam.AttachedPolicy): string => `${(p.PolicyName ?? '').toLowerCase()}\u0000${p.PolicyArn ?? ''}`;
      attached.sort((a, b) => (order(a) < order(b) ? -1 : 1));
      const marker = input['Marker'];
      const maxItems = input['MaxItems'];
      const page = paginate(attached, order, typeof marker === 'string' ? marker : undefined, typeof maxItems === 'number' ? maxItems : undefined);
      return { AttachedPolicies: page.items, ...page.info };
    },
  });

  return [attach, detach, list];
}

type Entity =
  | { readonly kind: 'Group'; readonly g: GroupRecord }
  | { readonly kind: 'User'; readonly u: UserRecord }
  | { readonly kind: 'Role'; readonly r: RoleRecord };

const entityKey = (e: Entity): string => (e.kind === 'Group' ? `0${nameKey(e.g)}` : e.kind === 'User' ? `1${nameKey(e.u)}` : `2${nameKey(e.r)}`);

const listEntitiesForPolicy = defineOperation<Iam.ListEntitiesForPolicyRequest, Iam.ListEntitiesForPolicyResponse>({
  name: 'ListEntitiesForPolicy',
  authorization: { kind: 'policy', action: 'iam:ListEntitiesForPolicy', resources: (input) => [input.PolicyArn] },
  handle: async (input, ctx) => {
    // [O: LS-SNAP err-nonexistent-policy, aws-behaviour.md §10.10]
    requireReadablePolicy(ctx, input.PolicyArn, iamErrors.policyNotAttachable);
    const users = policyUsers(ctx.iam.index, ctx.account, input.PolicyArn);
    const usage = input.PolicyUsageFilter;
    const unique = <T extends { readonly id: string }>(items: readonly T[]): T[] => [...new Map(items.map((i) => [i.id, i])).values()];
    const pick = <T extends { readonly id: string }>(attached: readonly T[], boundary: readonly T[]): T[] =>
      unique(usage === 'PermissionsPolicy' ? attached : usage === 'PermissionsBoundary' ? boundary : [...attached, ...boundary]);
    const filter = input.EntityFilter;
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const entities: Entity[] = [];
    if (filter === undefined || filter === 'Group') for (const g of pick(users.groups, [])) entities.push({ kind: 'Group', g });
    if (filter === undefined || filter === 'User') for (const u of pick(users.users, users.boundaryUsers)) entities.push({ kind: 'User', u });
    if (filter === undefined || filter === 'Role') for (const r of pick(users.roles, users.boundaryRoles)) entities.push({ kind: 'Role', r });
    const inPath = entities.filter((e) => (e.kind === 'Group' ? e.g.path : e.kind === 'User' ? e.u.path : e.r.path).startsWith(prefix));
    inPath.sort((a, b) => (entityKey(a) < entityKey(b) ? -1 : 1));
    const page = paginate(inPath, entityKey, input.Marker, input.MaxItems);
    const out: Iam.ListEntitiesForPolicyResponse = { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], ...page.info };
    for (const e of page.items) {
      if (e.kind === 'Group') out.PolicyGroups?.push({ GroupName: e.g.name, GroupId: e.g.id });
      else if (e.kind === 'User') out.PolicyUsers?.push({ UserName: e.u.name, UserId: e.u.id });
      else out.PolicyRoles?.push({ RoleName: e.r.name, RoleId: e.r.id });
    }
    return out;
  },
});

export const attachmentOperations: Operation[] = [...FAMILIES.flatMap(operationsFor), listEntitiesForPolicy];
