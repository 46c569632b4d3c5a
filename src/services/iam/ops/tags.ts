/**
 * Tags: Tag/Untag/List{User,Role,Policy,InstanceProfile,OpenIDConnectProvider,SAMLProvider,ServerCertificate}Tags (at most 50 per entity;
 * keys unique case-insensitively except on policies, `../tags.ts`).
 */
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import type { IamChange } from '../iam-changes.js';
import type { IamIndex } from '../iam-index.js';
import { arnOf } from '../iam-index.js';
import {
  requireInstanceProfile,
  requireLocalPolicy,
  requireOidcProvider,
  requireRole,
  requireSamlProvider,
  requireServerCertificate,
  requireUser,
} from '../lookup.js';
import { paginate } from '../paginate.js';
import type {
  InstanceProfileRecord,
  OidcProviderRecord,
  PolicyRecord,
  RoleRecord,
  SamlProviderRecord,
  ServerCertificateRecord,
  TagRecord,
  UserRecord,
} from '../records.js';
import { entityArn, roleRef } from '../resources.js';
import { listedTags, mergeTags, removeTags } from '../tags.js';
import type { TaggedNoun } from '../tags.js';

type Tagged = UserRecord | RoleRecord | PolicyRecord | InstanceProfileRecord | OidcProviderRecord | SamlProviderRecord | ServerCertificateRecord;

interface Family {
  readonly title: TaggedNoun;
  /** The input member naming the entity. */
  readonly member:
    'UserName' | 'RoleName' | 'PolicyArn' | 'InstanceProfileName' | 'OpenIDConnectProviderArn' | 'SAMLProviderArn' | 'ServerCertificateName';
  readonly find: (index: IamIndex, account: string, value: string) => Tagged;
  readonly resource: (ctx: ServiceContext, value: string) => string;
}

const FAMILIES: readonly Family[] = [
  { title: 'User', member: 'UserName', find: requireUser, resource: (ctx, v) => entityArn(ctx, 'user', v) },
  { title: 'Role', member: 'RoleName', find: requireRole, resource: (ctx, v) => entityArn(ctx, 'role', v) },
  { title: 'Policy', member: 'PolicyArn', find: requireLocalPolicy, resource: (_ctx, v) => v },
  {
    title: 'InstanceProfile',
    member: 'InstanceProfileName',
    find: requireInstanceProfile,
    resource: (ctx, v) => entityArn(ctx, 'instance-profile', v),
  },
  { title: 'OpenIDConnectProvider', member: 'OpenIDConnectProviderArn', find: requireOidcProvider, resource: (_ctx, v) => v },
  { title: 'SAMLProvider', member: 'SAMLProviderArn', find: requireSamlProvider, resource: (_ctx, v) => v },
  {
    title: 'ServerCertificate',
    member: 'ServerCertificateName',
    find: requireServerCertificate,
    resource: (ctx, v) => entityArn(ctx, 'server-certificate', v),
  },
];

interface TagInput {
  readonly [member: string]: string | number | readonly TagRecord[] | readonly string[] | undefined;
}

const str = (input: TagInput, member: string): string => {
  const value = input[member];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

function tagsChanged(record: Tagged): IamChange[] {
  switch (record.kind) {
    case 'user':
      return [{ type: 'user-changed', account: record.account, userId: record.id }];
    case 'role':
      return [{ type: 'role-updated', role: roleRef(record) }];
    case 'policy':
      return [{ type: 'policy-changed', policyArn: arnOf(record) }];
    case 'instance-profile':
    case 'oidc-provider':
    case 'saml-provider':
    case 'server-certificate':
      return [];
  }
}

function operationsFor(family: Family): Operation[] {
  const { title, member } = family;
  const resources = (input: TagInput, ctx: ServiceContext): string[] => [family.resource(ctx, str(input, member))];

  const tag = defineOperation<TagInput, Record<string, never>>({
    name: `Tag${title}`,
    authorization: { kind: 'policy', action: `iam:Tag${title}`, resources },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const record = family.find(index, ctx.account, str(input, member));
        const added = (input['Tags'] ?? []) as readonly TagRecord[];
        const updated: Tagged = { ...record, tags: mergeTags(record.tags, added, ctx.iam.quotas.tagsPerEntity, title) };
        return { writes: [{ op: 'put', record: updated }], events: tagsChanged(updated), result: {} };
      }, ctx.requestId),
  });

  const untag = defineOperation<TagInput, Record<string, never>>({
    name: `Untag${title}`,
    authorization: { kind: 'policy', action: `iam:Untag${title}`, resources },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const record = family.find(index, ctx.account, str(input, member));
        const keys = (input['TagKeys'] ?? []) as readonly string[];
        const updated: Tagged = { ...record, tags: removeTags(record.tags, keys, title) };
        return { writes: [{ op: 'put', record: updated }], events: tagsChanged(updated), result: {} };
      }, ctx.requestId),
  });

  const list = defineOperation<TagInput, Record<string, unknown>>({
    name: `List${title}Tags`,
    authorization: { kind: 'policy', action: `iam:List${title}Tags`, resources },
    handle: async (input, ctx) => {
      const record = family.find(ctx.iam.index, ctx.account, str(input, member));
      const indexed = listedTags(record.tags, title).map((t, i) => ({ t, key: String(i).padStart(4, '0') }));
      const marker = input['Marker'];
      const maxItems = input['MaxItems'];
      const page = paginate(
        indexed,
        (e) => e.key,
        typeof marker === 'string' ? marker : undefined,
        typeof maxItems === 'number' ? maxItems : undefined,
      );
      return { Tags: page.items.map((e) => ({ Key: e.t.Key, Value: e.t.Value })), ...page.info };
    },
  });

  return [tag, untag, list];
}

export const tagOperations: Operation[] = FAMILIES.flatMap(operationsFor);
