/**
 * Records → IAM's output shapes (AWS member names; timestamps as virtual epoch ms, the serialiser maps them
 * to the wire; policy documents as stored text, the serialiser URL-encodes them, aws-behaviour.md §2.2).
 * List operations return the short forms AWS returns (no tags, no boundary, no RoleLastUsed).
 */
import type * as Iam from '../../protocol/models/iam.js';
import type { StoredAccessKey } from '../../store/repos/identity-repo.js';
import { arnOf } from './iam-index.js';
import type { IamState } from './iam-state.js';
import type { GroupRecord, InstanceProfileRecord, RoleRecord, TagRecord, UserRecord } from './records.js';

type Detail = 'full' | 'list';

const tagsOf = (tags: readonly TagRecord[]): { Tags?: Iam.Tag[] } =>
  tags.length === 0 ? {} : { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) };

const boundaryOf = (arn: string | null): { PermissionsBoundary?: Iam.AttachedPermissionsBoundary } =>
  arn === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } };

export function userOut(user: UserRecord, detail: Detail): Iam.User {
  const base: Iam.User = { Path: user.path, UserName: user.name, UserId: user.id, Arn: arnOf(user), CreateDate: user.createdMs };
  return detail === 'list' ? base : { ...base, ...boundaryOf(user.boundaryArn), ...tagsOf(user.tags) };
}

export function groupOut(group: GroupRecord): Iam.Group {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: arnOf(group), CreateDate: group.createdMs };
}

/**
 * The trust policy as IAM shows it. IAM stores the unique ids of the users and roles a trust policy names
 * and shows their current ARNs: a renamed user appears under its new ARN, and a deleted one (even if a
 * namesake was created since) as its bare unique id (aws-behaviour.md §2.1).
 */
export function trustAsShown(state: IamState, role: RoleRecord): string {
  let text = role.trust;
  for (const [arn, id] of role.trustPrincipalIds) {
    const current = state.index.get('user', id) ?? state.index.get('role', id);
    const shown = current === undefined ? id : arnOf(current);
    if (shown !== arn) text = text.split(JSON.stringify(arn)).join(JSON.stringify(shown));
  }
  return text;
}

export function roleOut(state: IamState, role: RoleRecord, detail: Detail | 'profile'): Iam.Role {
  const base: Iam.Role = {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: arnOf(role),
    CreateDate: role.createdMs,
    AssumeRolePolicyDocument: trustAsShown(state, role),
  };
  if (detail === 'profile') return base;
  const described = {
    ...base,
    ...(role.description === null ? {} : { Description: role.description }),
    MaxSessionDuration: role.maxSessionDuration,
  };
  // GetRole always carries RoleLastUsed (empty until the role is used).
  return detail === 'list' ? described : { ...described, ...boundaryOf(role.boundaryArn), ...tagsOf(role.tags), RoleLastUsed: {} };
}

export function instanceProfileOut(state: IamState, profile: InstanceProfileRecord): Iam.InstanceProfile {
  const roles = profile.roleIds
    .map((id) => state.index.get('role', id))
    .filter((r): r is RoleRecord => r !== undefined)
    .map((r) => roleOut(state, r, 'profile'));
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: arnOf(profile),
    CreateDate: profile.createdMs,
    Roles: roles,
    ...tagsOf(profile.tags),
  };
}

/** Root keys have no user name on the wire (aws-behaviour.md §2.3). */
export function accessKeyMetadataOut(key: StoredAccessKey): Iam.AccessKeyMetadata {
  return {
    ...(key.owner.type === 'user' ? { UserName: key.owner.userName } : {}),
    AccessKeyId: key.accessKeyId,
    Status: key.status,
    CreateDate: key.createdMs,
  };
}

export { tagsOf };
