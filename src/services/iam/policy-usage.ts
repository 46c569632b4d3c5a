/**
 * How a managed policy is used in one account: `AttachmentCount` (attached to users, groups, roles) and
 * `PermissionsBoundaryUsageCount` (set as a user's or role's boundary). AWS managed policies are counted
 * per account too, since every account attaches them independently.
 */
import type * as Iam from '../../protocol/models/iam.js';
import type { IamIndex } from './iam-index.js';
import { arnOf } from './iam-index.js';
import type { ManagedPolicy } from './iam-reads.js';
import type { GroupRecord, RoleRecord, UserRecord } from './records.js';
import { tagListOf, tagsOf } from './wire.js';

interface PolicyUsage {
  readonly attachments: number;
  readonly boundaries: number;
}

interface PolicyUsers {
  readonly users: readonly UserRecord[];
  readonly groups: readonly GroupRecord[];
  readonly roles: readonly RoleRecord[];
  /** Users and roles using the policy as their permissions boundary. */
  readonly boundaryUsers: readonly UserRecord[];
  readonly boundaryRoles: readonly RoleRecord[];
}

export function policyUsers(index: IamIndex, account: string, arn: string): PolicyUsers {
  const users = index.all('user', account);
  const roles = index.all('role', account);
  return {
    users: users.filter((u) => u.attached.includes(arn)),
    groups: index.all('group', account).filter((g) => g.attached.includes(arn)),
    roles: roles.filter((r) => r.attached.includes(arn)),
    boundaryUsers: users.filter((u) => u.boundaryArn === arn),
    boundaryRoles: roles.filter((r) => r.boundaryArn === arn),
  };
}

/** Every policy's usage in the account at once (for ListPolicies). */
export function usageByArn(index: IamIndex, account: string): Map<string, PolicyUsage> {
  const usage = new Map<string, { attachments: number; boundaries: number }>();
  const entry = (arn: string): { attachments: number; boundaries: number } => {
    let found = usage.get(arn);
    if (found === undefined) usage.set(arn, (found = { attachments: 0, boundaries: 0 }));
    return found;
  };
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const record of index.all(kind, account)) {
      for (const arn of record.attached) entry(arn).attachments += 1;
      if (record.kind !== 'group' && record.boundaryArn !== null) entry(record.boundaryArn).boundaries += 1;
    }
  }
  return usage;
}

export function usageOf(index: IamIndex, account: string, arn: string): PolicyUsage {
  const users = policyUsers(index, account, arn);
  return {
    attachments: users.users.length + users.groups.length + users.roles.length,
    boundaries: users.boundaryUsers.length + users.boundaryRoles.length,
  };
}

/**
 * Members per operation (aws-behaviour.md §10.1): ListPolicies leaves out Description and Tags; CreatePolicy
 * leaves out Description and carries Tags only when some were given; GetPolicy carries Description when
 * there is one and Tags always, empty as `<Tags/>`. The AWS managed catalogue holds no descriptions, so
 * GetPolicy of an AWS managed policy lacks the Description AWS sends.
 */
export function policyOut(policy: ManagedPolicy, usage: PolicyUsage, detail: 'create' | 'get' | 'list'): Iam.Policy {
  if (policy.scope === 'AWS') {
    const { aws } = policy;
    return {
      PolicyName: aws.name,
      PolicyId: aws.id,
      Arn: aws.arn,
      Path: aws.path,
      DefaultVersionId: aws.defaultVersionId,
      AttachmentCount: usage.attachments,
      PermissionsBoundaryUsageCount: usage.boundaries,
      IsAttachable: true,
      CreateDate: aws.createdMs,
      UpdateDate: aws.updatedMs,
      ...(detail === 'get' ? tagListOf([]) : {}),
    };
  }
  const { record } = policy;
  const base: Iam.Policy = {
    PolicyName: record.name,
    PolicyId: record.id,
    Arn: arnOf(record),
    Path: record.path,
    DefaultVersionId: record.defaultVersionId,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    CreateDate: record.createdMs,
    UpdateDate: record.updatedMs,
  };
  switch (detail) {
    case 'list':
      return base;
    case 'create':
      return { ...base, ...tagsOf(record.tags) };
    case 'get':
      return { ...base, ...(record.description === null ? {} : { Description: record.description }), ...tagListOf(record.tags) };
  }
}
