/**
 * Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
 * ListInstanceProfilesForRole, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
 * DeleteInstanceProfile (aws-behaviour.md §2.4). One role per profile, a hard limit. Every change is
 * announced (IamState.onChange) for EC2/IMDS.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { deleteConflictMessages, iamErrors } from '../iam-errors.js';
import { DEFAULT_PATH, requireInstanceProfile, requireRole } from '../lookup.js';
import { nameKey, paginate, sortByKey } from '../paginate.js';
import type { InstanceProfileRecord } from '../records.js';
import { entityArn, listArn, profileRef, roleRef } from '../resources.js';
import { mergeTags } from '../tags.js';
import { instanceProfileOut } from '../wire.js';

const createInstanceProfile = defineOperation<Iam.CreateInstanceProfileRequest, Iam.CreateInstanceProfileResponse>({
  name: 'CreateInstanceProfile',
  authorization: {
    kind: 'policy',
    action: 'iam:CreateInstanceProfile',
    resources: (input, ctx) => [entityArn(ctx, 'instance-profile', input.InstanceProfileName, input.Path)],
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const name = input.InstanceProfileName;
      if (index.byName('instance-profile', ctx.account, name) !== undefined) throw iamErrors.instanceProfileExists(name);
      const limit = ctx.iam.quotas.instanceProfilesPerAccount;
      if (index.count('instance-profile', ctx.account) >= limit) throw iamErrors.quota('InstanceProfilesPerAccount', limit);
      const profile: InstanceProfileRecord = {
        kind: 'instance-profile',
        account: ctx.account,
        id: ctx.ids.uniqueId('AIPA'),
        name,
        path: input.Path ?? DEFAULT_PATH,
        createdMs: ctx.nowMs,
        roleIds: [],
        tags: mergeTags([], input.Tags ?? [], ctx.iam.quotas.tagsPerEntity, 'InstanceProfile'),
      };
      return {
        writes: [{ op: 'put', record: profile }],
        events: [{ type: 'instance-profile-created', instanceProfile: profileRef(profile) }],
        result: { InstanceProfile: instanceProfileOut(ctx.iam, profile, 'create') },
      };
    }, ctx.requestId),
});

const profileResource = (input: { readonly InstanceProfileName: string }, ctx: Parameters<typeof entityArn>[0]): string[] => [
  entityArn(ctx, 'instance-profile', input.InstanceProfileName),
];

const getInstanceProfile = defineOperation<Iam.GetInstanceProfileRequest, Iam.GetInstanceProfileResponse>({
  name: 'GetInstanceProfile',
  authorization: { kind: 'policy', action: 'iam:GetInstanceProfile', resources: profileResource },
  handle: async (input, ctx) => ({
    InstanceProfile: instanceProfileOut(ctx.iam, requireInstanceProfile(ctx.iam.index, ctx.account, input.InstanceProfileName), 'get'),
  }),
});

const listInstanceProfiles = defineOperation<Iam.ListInstanceProfilesRequest, Iam.ListInstanceProfilesResponse>({
  name: 'ListInstanceProfiles',
  authorization: {
    kind: 'policy',
    action: 'iam:ListInstanceProfiles',
    resources: (input, ctx) => [listArn(ctx, 'instance-profile', input.PathPrefix)],
  },
  handle: async (input, ctx) => {
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const profiles = sortByKey(
      ctx.iam.index.all('instance-profile', ctx.account).filter((p) => p.path.startsWith(prefix)),
      nameKey,
    );
    const page = paginate(profiles, nameKey, input.Marker, input.MaxItems);
    return { InstanceProfiles: page.items.map((p) => instanceProfileOut(ctx.iam, p, 'list')), ...page.info };
  },
});

const listInstanceProfilesForRole = defineOperation<Iam.ListInstanceProfilesForRoleRequest, Iam.ListInstanceProfilesForRoleResponse>({
  name: 'ListInstanceProfilesForRole',
  authorization: { kind: 'policy', action: 'iam:ListInstanceProfilesForRole', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: async (input, ctx) => {
    const role = requireRole(ctx.iam.index, ctx.account, input.RoleName);
    const page = paginate(sortByKey(ctx.iam.index.profilesOfRole(role), nameKey), nameKey, input.Marker, input.MaxItems);
    return { InstanceProfiles: page.items.map((p) => instanceProfileOut(ctx.iam, p, 'list')), ...page.info };
  },
});

/** Needs iam:PassRole on the role as well (§2.4); the Authorization record holds one action, see report. */
const addRoleToInstanceProfile = defineOperation<Iam.AddRoleToInstanceProfileRequest, Record<string, never>>({
  name: 'AddRoleToInstanceProfile',
  authorization: {
    kind: 'policy',
    action: 'iam:AddRoleToInstanceProfile',
    resources: profileResource,
    // §2.4/§7.8: putting a role in a profile passes it to EC2, so the caller needs iam:PassRole on the role.
    also: (input, ctx) => [{ action: 'iam:PassRole', resource: entityArn(ctx, 'role', input.RoleName) }],
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const profile = requireInstanceProfile(index, ctx.account, input.InstanceProfileName);
      const role = requireRole(index, ctx.account, input.RoleName);
      const limit = ctx.iam.quotas.rolesPerInstanceProfile;
      if (profile.roleIds.length >= limit) throw iamErrors.quota('InstanceSessionsPerInstanceProfile', limit);
      const updated: InstanceProfileRecord = { ...profile, roleIds: [...profile.roleIds, role.id] };
      return {
        writes: [{ op: 'put', record: updated }],
        events: [{ type: 'role-added-to-instance-profile', instanceProfile: profileRef(updated), role: roleRef(role) }],
        result: {},
      };
    }, ctx.requestId),
});

const removeRoleFromInstanceProfile = defineOperation<Iam.RemoveRoleFromInstanceProfileRequest, Record<string, never>>({
  name: 'RemoveRoleFromInstanceProfile',
  authorization: { kind: 'policy', action: 'iam:RemoveRoleFromInstanceProfile', resources: profileResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const profile = requireInstanceProfile(index, ctx.account, input.InstanceProfileName);
      const role = requireRole(index, ctx.account, input.RoleName);
      if (!profile.roleIds.includes(role.id)) {
        // [O: LS-SNAP remove-unattached-role-error, aws-behaviour.md §10.10]
        throw iamErrors.noSuchEntity(`Role ${input.RoleName} in Instance Profile ${input.InstanceProfileName} cannot be found.`);
      }
      const updated: InstanceProfileRecord = { ...profile, roleIds: profile.roleIds.filter((id) => id !== role.id) };
      return {
        writes: [{ op: 'put', record: updated }],
        events: [{ type: 'role-removed-from-instance-profile', instanceProfile: profileRef(updated), role: roleRef(role) }],
        result: {},
      };
    }, ctx.requestId),
});

const deleteInstanceProfile = defineOperation<Iam.DeleteInstanceProfileRequest, Record<string, never>>({
  name: 'DeleteInstanceProfile',
  authorization: { kind: 'policy', action: 'iam:DeleteInstanceProfile', resources: profileResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const profile = requireInstanceProfile(index, ctx.account, input.InstanceProfileName);
      if (profile.roleIds.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.instanceProfile);
      return {
        writes: [{ op: 'delete', record: profile }],
        events: [{ type: 'instance-profile-deleted', instanceProfile: profileRef(profile) }],
        result: {},
      };
    }, ctx.requestId),
});

export const instanceProfileOperations = [
  createInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  addRoleToInstanceProfile,
  removeRoleFromInstanceProfile,
  deleteInstanceProfile,
];
