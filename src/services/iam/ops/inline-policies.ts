/**
 * Inline policies of users, groups and roles: Put/Get/List/Delete{User,Group,Role}Policy (aws-behaviour.md
 * §2.2). Put replaces a same-named policy; the entity's inline policies together must stay within its
 * aggregate quota (user 2048, role 10240, group 5120 characters without whitespace).
 */
import type { IamChange } from '../iam-changes.js';
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { requireGroup, requireRole, requireUser } from '../lookup.js';
import { paginate } from '../paginate.js';
import type { GroupRecord, InlinePolicyRecord, RoleRecord, UserRecord } from '../records.js';
import { entityArn, roleRef } from '../resources.js';
import { checkInlineAggregate, validateDocument } from '../validate-documents.js';
import type { IamQuotas } from '../iam-quotas.js';

type Owner = UserRecord | GroupRecord | RoleRecord;
type Noun = 'user' | 'group' | 'role';

interface Family {
  readonly noun: Noun;
  /** `User`, `Group`, `Role`: the operation names' middle and the input member prefix. */
  readonly title: 'User' | 'Group' | 'Role';
  readonly find: (index: IamIndex, account: string, name: string) => Owner;
  readonly limit: (quotas: IamQuotas) => number;
}

const FAMILIES: readonly Family[] = [
  { noun: 'user', title: 'User', find: requireUser, limit: (q) => q.userInlineSize },
  { noun: 'group', title: 'Group', find: requireGroup, limit: (q) => q.groupInlineSize },
  { noun: 'role', title: 'Role', find: requireRole, limit: (q) => q.roleInlineSize },
];

type InlineInput = Readonly<Record<string, string | number | undefined>>;

const str = (input: InlineInput, member: string): string => String(input[member] ?? '');

function changed(owner: Owner): IamChange {
  switch (owner.kind) {
    case 'user':
      return { type: 'user-changed', account: owner.account, userId: owner.id };
    case 'group':
      return { type: 'group-changed', account: owner.account, groupId: owner.id };
    case 'role':
      return { type: 'role-policies-changed', role: roleRef(owner) };
  }
}

function withInline<T extends Owner>(owner: T, inline: readonly InlinePolicyRecord[]): T {
  return { ...owner, inline };
}

function operationsFor(family: Family): Operation[] {
  const { noun, title } = family;
  const ownerMember = `${title}Name`;
  const resources = (input: InlineInput, ctx: ServiceContext): string[] => [entityArn(ctx, noun, str(input, ownerMember))];

  const put = defineOperation<InlineInput, Record<string, never>>({
    name: `Put${title}Policy`,
    authorization: { kind: 'policy', action: `iam:Put${title}Policy`, resources },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const owner = family.find(index, ctx.account, str(input, ownerMember));
        const text = str(input, 'PolicyDocument');
        const document = validateDocument(text, 'identity');
        const policy: InlinePolicyRecord = { name: str(input, 'PolicyName'), text };
        const at = owner.inline.findIndex((p) => p.name === policy.name);
        const inline = at < 0 ? [...owner.inline, policy] : owner.inline.map((p, i) => (i === at ? policy : p));
        checkInlineAggregate(noun, owner.name, inline, family.limit(ctx.iam.quotas));
        ctx.iam.primeDocument(policy, 'identity', document);
        const updated = withInline(owner, inline);
        return { writes: [{ op: 'put', record: updated }], events: [changed(updated)], result: {} };
      }, ctx.requestId),
  });

  const get = defineOperation<InlineInput, Record<string, string>>({
    name: `Get${title}Policy`,
    authorization: { kind: 'policy', action: `iam:Get${title}Policy`, resources },
    handle: async (input, ctx) => {
      const owner = family.find(ctx.iam.index, ctx.account, str(input, ownerMember));
      const name = str(input, 'PolicyName');
      const policy = owner.inline.find((p) => p.name === name);
      if (policy === undefined) throw iamErrors.noSuchInlinePolicy(noun, name);
      return { [ownerMember]: owner.name, PolicyName: policy.name, PolicyDocument: policy.text };
    },
  });

  const list = defineOperation<InlineInput, Record<string, unknown>>({
    name: `List${title}Policies`,
    authorization: { kind: 'policy', action: `iam:List${title}Policies`, resources },
    handle: async (input, ctx) => {
      const owner = family.find(ctx.iam.index, ctx.account, str(input, ownerMember));
      const names = owner.inline.map((p) => p.name).sort();
      const marker = input['Marker'];
      const maxItems = input['MaxItems'];
      const page = paginate(names, (n) => n, typeof marker === 'string' ? marker : undefined, typeof maxItems === 'number' ? maxItems : undefined);
      return { PolicyNames: page.items, ...page.info };
    },
  });

  const remove = defineOperation<InlineInput, Record<string, never>>({
    name: `Delete${title}Policy`,
    authorization: { kind: 'policy', action: `iam:Delete${title}Policy`, resources },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const owner = family.find(index, ctx.account, str(input, ownerMember));
        const name = str(input, 'PolicyName');
        if (!owner.inline.some((p) => p.name === name)) throw iamErrors.noSuchInlinePolicy(noun, name);
        const updated = withInline(
          owner,
          owner.inline.filter((p) => p.name !== name),
        );
        return { writes: [{ op: 'put', record: updated }], events: [changed(updated)], result: {} };
      }, ctx.requestId),
  });

  return [put, get, list, remove];
}

export const inlinePolicyOperations: Operation[] = FAMILIES.flatMap(operationsFor);
