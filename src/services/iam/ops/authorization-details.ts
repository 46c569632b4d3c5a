/**
 * GetAccountAuthorizationDetails (aws-iam-s3-more.md §A3.9, aws-behaviour.md §12.4): the account's users, groups,
 * roles and managed policies with their relationships, as the tools that audit IAM (PMapper, Cloudsplaining,
 * Prowler) read them. `Filter` picks kinds (`User`, `Group`, `Role`, `LocalManagedPolicy`, `AWSManagedPolicy`; none
 * means all five). One sequence — users, groups, roles, customer managed policies, then AWS managed ones, each by
 * name — is paged by `MaxItems` and `Marker` across all the lists [U]. AWS managed policies are those in use in the
 * account: attached, or a permissions boundary [U: aws-iam-s3-more.md §A3.9]. Every policy document goes out
 * URL-encoded, as everywhere in IAM (aws-behaviour.md §2.2; the serialiser does it).
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import type { AwsManagedPolicy } from '../aws-managed-catalog.js';
import { arnOf } from '../iam-index.js';
import { managedPolicy } from '../iam-reads.js';
import type { IamState } from '../iam-state.js';
import { nameKey, paginate, sortByKey } from '../paginate.js';
import { usageByArn } from '../policy-usage.js';
import type { GroupRecord, InlinePolicyRecord, PolicyRecord, RoleRecord, TagRecord, UserRecord } from '../records.js';
import { boundaryOf, instanceProfileOut, tagsOf, trustAsShown } from '../wire.js';
import type { RoleLastUsedLookup } from './roles.js';
import { roleLastUsedOut } from './roles.js';

type EntityKind = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
const KINDS: readonly EntityKind[] = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];

type Item =
  | { readonly kind: 'User'; readonly key: string; readonly user: UserRecord }
  | { readonly kind: 'Group'; readonly key: string; readonly group: GroupRecord }
  | { readonly kind: 'Role'; readonly key: string; readonly role: RoleRecord }
  | { readonly kind: 'LocalManagedPolicy'; readonly key: string; readonly policy: PolicyRecord }
  | { readonly kind: 'AWSManagedPolicy'; readonly key: string; readonly policy: AwsManagedPolicy };

/** The sort key: the kind's place in the sequence, then the name as IAM lists sort (paginate.ts). */
const keyOf = (kind: EntityKind, entity: { readonly name: string; readonly id: string }): string => `${KINDS.indexOf(kind)}${nameKey(entity)}`;

const inlineOut = (inline: readonly InlinePolicyRecord[]): Iam.PolicyDetail[] => inline.map((p) => ({ PolicyName: p.name, PolicyDocument: p.text }));

function attachedOut(state: IamState, arns: readonly string[]): Iam.AttachedPolicy[] {
  const out: Iam.AttachedPolicy[] = [];
  for (const arn of arns) {
    const policy = managedPolicy(state, arn);
    if (policy !== undefined) out.push({ PolicyName: policy.scope === 'AWS' ? policy.aws.name : policy.record.name, PolicyArn: arn });
  }
  return out;
}

/** As GetUser/GetRole show them: the boundary when set, `Tags` only when there are some (aws-behaviour.md §10.1). */
const boundaryAndTags = (boundaryArn: string | null, tags: readonly TagRecord[]): Pick<Iam.UserDetail, 'PermissionsBoundary' | 'Tags'> => ({
  ...boundaryOf(boundaryArn),
  ...tagsOf(tags),
});

function userDetail(state: IamState, user: UserRecord): Iam.UserDetail {
  const groups = user.groupIds.map((id) => state.index.get('group', id)).filter((g): g is GroupRecord => g !== undefined);
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: arnOf(user),
    CreateDate: user.createdMs,
    UserPolicyList: inlineOut(user.inline),
    GroupList: groups.map((g) => g.name),
    AttachedManagedPolicies: attachedOut(state, user.attached),
    ...boundaryAndTags(user.boundaryArn, user.tags),
  };
}

function groupDetail(state: IamState, group: GroupRecord): Iam.GroupDetail {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.id,
    Arn: arnOf(group),
    CreateDate: group.createdMs,
    GroupPolicyList: inlineOut(group.inline),
    AttachedManagedPolicies: attachedOut(state, group.attached),
  };
}

function roleDetail(state: IamState, role: RoleRecord, roleLastUsed: RoleLastUsedLookup | undefined): Iam.RoleDetail {
  const profiles = sortByKey(state.index.profilesOfRole(role), nameKey);
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: arnOf(role),
    CreateDate: role.createdMs,
    AssumeRolePolicyDocument: trustAsShown(state, role),
    // Each profile as ListInstanceProfiles shows it, its role with the trust policy only (the AWS CLI's example).
    InstanceProfileList: profiles.map((p) => instanceProfileOut(state, p, 'list')),
    RolePolicyList: inlineOut(role.inline),
    AttachedManagedPolicies: attachedOut(state, role.attached),
    ...boundaryAndTags(role.boundaryArn, role.tags),
    // As GetRole answers it.
    RoleLastUsed: roleLastUsedOut(roleLastUsed, role),
  };
}

const versionOrder = (versionId: string): number => Number.parseInt(versionId.slice(1), 10);

function localPolicyDetail(policy: PolicyRecord, usage: { attachments: number; boundaries: number } | undefined): Iam.ManagedPolicyDetail {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: arnOf(policy),
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage?.attachments ?? 0,
    PermissionsBoundaryUsageCount: usage?.boundaries ?? 0,
    IsAttachable: true,
    ...(policy.description === null ? {} : { Description: policy.description }),
    CreateDate: policy.createdMs,
    UpdateDate: policy.updatedMs,
    // Every version, newest first as ListPolicyVersions lists them [U: the order].
    PolicyVersionList: [...policy.versions]
      .sort((a, b) => versionOrder(b.versionId) - versionOrder(a.versionId))
      .map((v) => ({ Document: v.text, VersionId: v.versionId, IsDefaultVersion: v.versionId === policy.defaultVersionId, CreateDate: v.createdMs })),
  };
}

/** The catalogue keeps only the default version of an AWS managed policy, and no description (data/SOURCES.md). */
function awsPolicyDetail(policy: AwsManagedPolicy, usage: { attachments: number; boundaries: number } | undefined): Iam.ManagedPolicyDetail {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage?.attachments ?? 0,
    PermissionsBoundaryUsageCount: usage?.boundaries ?? 0,
    IsAttachable: true,
    CreateDate: policy.createdMs,
    UpdateDate: policy.updatedMs,
    PolicyVersionList: [{ Document: policy.text, VersionId: policy.defaultVersionId, IsDefaultVersion: true, CreateDate: policy.updatedMs }],
  };
}

function itemsOf(ctx: ServiceContext, kinds: ReadonlySet<EntityKind>, usage: ReadonlyMap<string, unknown>): Item[] {
  const { index } = ctx.iam;
  const items: Item[] = [];
  if (kinds.has('User')) for (const user of index.all('user', ctx.account)) items.push({ kind: 'User', key: keyOf('User', user), user });
  if (kinds.has('Group')) for (const group of index.all('group', ctx.account)) items.push({ kind: 'Group', key: keyOf('Group', group), group });
  if (kinds.has('Role')) for (const role of index.all('role', ctx.account)) items.push({ kind: 'Role', key: keyOf('Role', role), role });
  if (kinds.has('LocalManagedPolicy')) {
    for (const policy of index.all('policy', ctx.account))
      items.push({ kind: 'LocalManagedPolicy', key: keyOf('LocalManagedPolicy', policy), policy });
  }
  if (kinds.has('AWSManagedPolicy')) {
    for (const arn of usage.keys()) {
      const policy = ctx.iam.catalog.get(arn);
      if (policy !== undefined) items.push({ kind: 'AWSManagedPolicy', key: keyOf('AWSManagedPolicy', policy), policy });
    }
  }
  return sortByKey(items, (item) => item.key);
}

export const getAccountAuthorizationDetailsOperation = (roleLastUsed: RoleLastUsedLookup | undefined): Operation =>
  defineOperation<Iam.GetAccountAuthorizationDetailsRequest, Iam.GetAccountAuthorizationDetailsResponse>({
    name: 'GetAccountAuthorizationDetails',
    // No resource type: the action is granted on `*` (Service Authorization Reference for IAM).
    authorization: { kind: 'policy', action: 'iam:GetAccountAuthorizationDetails', resources: () => ['*'] },
    handle: (input, ctx) => {
      const filter = input.Filter ?? [];
      const kinds = new Set<EntityKind>(filter.length === 0 ? KINDS : filter);
      const usage = usageByArn(ctx.iam.index, ctx.account);
      const page = paginate(itemsOf(ctx, kinds, usage), (item) => item.key, input.Marker, input.MaxItems);
      const out = {
        UserDetailList: [] as Iam.UserDetail[],
        GroupDetailList: [] as Iam.GroupDetail[],
        RoleDetailList: [] as Iam.RoleDetail[],
        Policies: [] as Iam.ManagedPolicyDetail[],
      };
      for (const item of page.items) {
        switch (item.kind) {
          case 'User':
            out.UserDetailList.push(userDetail(ctx.iam, item.user));
            break;
          case 'Group':
            out.GroupDetailList.push(groupDetail(ctx.iam, item.group));
            break;
          case 'Role':
            out.RoleDetailList.push(roleDetail(ctx.iam, item.role, roleLastUsed));
            break;
          case 'LocalManagedPolicy':
            out.Policies.push(localPolicyDetail(item.policy, usage.get(arnOf(item.policy))));
            break;
          case 'AWSManagedPolicy':
            out.Policies.push(awsPolicyDetail(item.policy, usage.get(item.policy.arn)));
            break;
        }
      }
      return { ...out, ...page.info };
    },
  });
