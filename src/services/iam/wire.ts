/**
 * Records → IAM's output shapes (AWS member names; timestamps as virtual epoch ms, the serialiser maps them
 * to the wire; policy documents as stored text, the serialiser URL-encodes them, aws-behaviour.md §2.2).
 * Which members each operation carries is AWS's, per operation (aws-behaviour.md §10.1): list operations
 * return the short forms (no tags, no boundary, no RoleLastUsed), CreateRole no Description or
 * MaxSessionDuration, GetInstanceProfile an empty `Tags` list where CreateInstanceProfile has none.
 */
import type * as Iam from '../../protocol/models/iam.js';
import type { StoredAccessKey } from '../../store/repos/identity-repo.js';
import { arnOf } from './iam-index.js';
import type { IamState } from './iam-state.js';
import type { GroupRecord, InstanceProfileRecord, RoleRecord, TagRecord, UserRecord } from './records.js';

type Detail = 'full' | 'list';

const tagsOf = (tags: readonly TagRecord[]): { Tags?: Iam.Tag[] } =>
  tags.length === 0 ? {} : { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) };

/** `Tags` written even when empty (`<Tags/>`): GetInstanceProfile and GetPolicy do (aws-behaviour.md §10.1). */
const tagListOf = (tags: readonly TagRecord[]): { Tags: Iam.Tag[] } => ({ Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) });

/**
 * AWS writes `<PermissionsBoundaryType>Policy</PermissionsBoundaryType>`, not the model's enum value
 * `PermissionsBoundaryPolicy` (aws-behaviour.md §10.1).
 */
const BOUNDARY_TYPE = 'Policy' as Iam.PermissionsBoundaryAttachmentType;

const boundaryOf = (arn: string | null): { PermissionsBoundary?: Iam.AttachedPermissionsBoundary } =>
  arn === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: BOUNDARY_TYPE, PermissionsBoundaryArn: arn } };

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

/**
 * Which members a role carries, per operation (aws-behaviour.md §10.1):
 * - `create` (CreateRole): the base, the boundary and the tags when set — no Description, no MaxSessionDuration;
 * - `get` (GetRole): everything, with `RoleLastUsed` (empty until the role is used);
 * - `list` (ListRoles): the base with Description and MaxSessionDuration — no boundary, tags or RoleLastUsed;
 * - `update-description` (UpdateRoleDescription): the base, Description, boundary and tags;
 * - `profile` (a role inside an instance profile): the base only.
 */
type RoleDetail = 'create' | 'get' | 'list' | 'update-description' | 'profile';

export function roleOut(state: IamState, role: RoleRecord, detail: RoleDetail): Iam.Role {
  const base: Iam.Role = {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: arnOf(role),
    CreateDate: role.createdMs,
    AssumeRolePolicyDocument: trustAsShown(state, role),
  };
  const description = role.description === null ? {} : { Description: role.description };
  switch (detail) {
    case 'profile':
      return base;
    case 'create':
      return { ...base, ...boundaryOf(role.boundaryArn), ...tagsOf(role.tags) };
    case 'list':
      return { ...base, ...description, MaxSessionDuration: role.maxSessionDuration };
    case 'update-description':
      return { ...base, ...description, ...boundaryOf(role.boundaryArn), ...tagsOf(role.tags) };
    case 'get': {
      // Built member by member (GetRole is a hot path; spreading four objects cost more than the rest of it).
      const full: Iam.Role = base;
      if (role.description !== null) full.Description = role.description;
      full.MaxSessionDuration = role.maxSessionDuration;
      if (role.boundaryArn !== null) full.PermissionsBoundary = { PermissionsBoundaryType: BOUNDARY_TYPE, PermissionsBoundaryArn: role.boundaryArn };
      if (role.tags.length > 0) full.Tags = role.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
      full.RoleLastUsed = {};
      return full;
    }
  }
}

/**
 * `create` and `list` carry `Tags` only when there are some (List* never, AWS's listings leave tags out);
 * `get` (GetInstanceProfile) always, empty as `<Tags/>` (aws-behaviour.md §10.1).
 */
export function instanceProfileOut(state: IamState, profile: InstanceProfileRecord, detail: 'create' | 'get' | 'list'): Iam.InstanceProfile {
  const roles = profile.roleIds
    .map((id) => state.index.get('role', id))
    .filter((r): r is RoleRecord => r !== undefined)
    .map((r) => roleOut(state, r, 'profile'));
  const base: Iam.InstanceProfile = {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: arnOf(profile),
    CreateDate: profile.createdMs,
    Roles: roles,
  };
  switch (detail) {
    case 'create':
      return { ...base, ...tagsOf(profile.tags) };
    case 'get':
      return { ...base, ...tagListOf(profile.tags) };
    case 'list':
      return base;
  }
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

export { boundaryOf, tagListOf, tagsOf };
