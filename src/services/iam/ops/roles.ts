/**
 * Roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
 * DeleteRole (aws-behaviour.md §2.1). Trust policies are validated as kind 'trust', within 2048 characters
 * without whitespace, and every lab user/role they name must exist.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { deleteConflictMessages, iamErrors } from '../iam-errors.js';
import { DEFAULT_PATH, requireBoundary, requireRole } from '../lookup.js';
import { nameKey, paginate, sortByKey } from '../paginate.js';
import type { RoleRecord } from '../records.js';
import { entityArn, listArn, roleRef } from '../resources.js';
import { mergeTags } from '../tags.js';
import { validateTrust } from '../validate-documents.js';
import { roleOut } from '../wire.js';
import { serviceLinkedRoleErrors } from '../service-linked-roles/service-linked-role-errors.js';

const DEFAULT_MAX_SESSION_DURATION = 3600;

const createRole = defineOperation<Iam.CreateRoleRequest, Iam.CreateRoleResponse>({
  name: 'CreateRole',
  authorization: { kind: 'policy', action: 'iam:CreateRole', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName, input.Path)] },
  // The path of service-linked roles is CreateServiceLinkedRole's alone (aws-behaviour.md §12.4).
  validate: (input) => (input.Path?.startsWith('/aws-service-role/') === true ? serviceLinkedRoleErrors.reservedPath() : undefined),
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      if (index.byName('role', ctx.account, input.RoleName) !== undefined) throw iamErrors.roleExists(input.RoleName);
      const limit = ctx.iam.quotas.rolesPerAccount;
      if (index.count('role', ctx.account) >= limit) throw iamErrors.quota('RolesPerAccount', limit);
      const trust = validateTrust(index, input.AssumeRolePolicyDocument, ctx.iam.quotas.trustPolicySize);
      const boundaryArn = input.PermissionsBoundary === undefined ? null : requireBoundary(ctx.iam, ctx.account, input.PermissionsBoundary);
      const role: RoleRecord = {
        kind: 'role',
        account: ctx.account,
        id: ctx.ids.uniqueId('AROA'),
        name: input.RoleName,
        path: input.Path ?? DEFAULT_PATH,
        createdMs: ctx.nowMs,
        trust: input.AssumeRolePolicyDocument,
        trustPrincipalIds: trust.principalIds,
        description: input.Description ?? null,
        maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
        boundaryArn,
        tags: mergeTags([], input.Tags ?? [], ctx.iam.quotas.tagsPerEntity, 'Role'),
        inline: [],
        attached: [],
      };
      ctx.iam.primeDocument(role, 'trust', trust.document);
      return {
        writes: [{ op: 'put', record: role }],
        events: [{ type: 'role-created', role: roleRef(role) }],
        result: { Role: roleOut(ctx.iam, role, 'create') },
      };
    }, ctx.requestId),
});

/** When a role was last used to make a request, and in which region (the usage index, aws-behaviour.md §12.3). */
export type RoleLastUsedLookup = (account: string, roleId: string) => { readonly ms: number; readonly region: string } | undefined;

/** `RoleLastUsed` as GetRole and GetAccountAuthorizationDetails answer it: empty until a session of the role made a request. */
export function roleLastUsedOut(lookup: RoleLastUsedLookup | undefined, role: RoleRecord): Iam.RoleLastUsed {
  const used = lookup?.(role.account, role.id);
  return used === undefined ? {} : { LastUsedDate: used.ms, Region: used.region };
}

/** GetRole: everything, with `RoleLastUsed` — empty until a session of the role has made a request. */
export function getRoleOperation(roleLastUsed: RoleLastUsedLookup | undefined): Operation {
  return defineOperation<Iam.GetRoleRequest, Iam.GetRoleResponse>({
    name: 'GetRole',
    authorization: { kind: 'policy', action: 'iam:GetRole', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
    handle: async (input, ctx) => {
      const record = requireRole(ctx.iam.index, ctx.account, input.RoleName);
      // Set on the role roleOut built member by member, rather than spreading it into a copy.
      const role = roleOut(ctx.iam, record, 'get');
      role.RoleLastUsed = roleLastUsedOut(roleLastUsed, record);
      return { Role: role };
    },
  });
}

const listRoles = defineOperation<Iam.ListRolesRequest, Iam.ListRolesResponse>({
  name: 'ListRoles',
  authorization: { kind: 'policy', action: 'iam:ListRoles', resources: (input, ctx) => [listArn(ctx, 'role', input.PathPrefix)] },
  handle: async (input, ctx) => {
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const roles = sortByKey(
      ctx.iam.index.all('role', ctx.account).filter((r) => r.path.startsWith(prefix)),
      nameKey,
    );
    const page = paginate(roles, nameKey, input.Marker, input.MaxItems);
    return { Roles: page.items.map((r) => roleOut(ctx.iam, r, 'list')), ...page.info };
  },
});

function updateRoleRecord(ctx: Parameters<typeof entityArn>[0], roleName: string, change: (role: RoleRecord) => RoleRecord): Promise<RoleRecord> {
  return ctx.iam.mutate((index) => {
    const role = change(requireRole(index, ctx.account, roleName));
    return { writes: [{ op: 'put', record: role }], events: [{ type: 'role-updated', role: roleRef(role) }], result: role };
  }, ctx.requestId);
}

const updateRole = defineOperation<Iam.UpdateRoleRequest, Record<string, never>>({
  name: 'UpdateRole',
  authorization: { kind: 'policy', action: 'iam:UpdateRole', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: async (input, ctx) => {
    await updateRoleRecord(ctx, input.RoleName, (role) => ({
      ...role,
      description: input.Description ?? role.description,
      maxSessionDuration: input.MaxSessionDuration ?? role.maxSessionDuration,
    }));
    return {};
  },
});

const updateRoleDescription = defineOperation<Iam.UpdateRoleDescriptionRequest, Iam.UpdateRoleDescriptionResponse>({
  name: 'UpdateRoleDescription',
  authorization: { kind: 'policy', action: 'iam:UpdateRoleDescription', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: async (input, ctx) => {
    const role = await updateRoleRecord(ctx, input.RoleName, (r) => ({ ...r, description: input.Description }));
    return { Role: roleOut(ctx.iam, role, 'update-description') };
  },
});

const updateAssumeRolePolicy = defineOperation<Iam.UpdateAssumeRolePolicyRequest, Record<string, never>>({
  name: 'UpdateAssumeRolePolicy',
  authorization: { kind: 'policy', action: 'iam:UpdateAssumeRolePolicy', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const current = requireRole(index, ctx.account, input.RoleName);
      const trust = validateTrust(index, input.PolicyDocument, ctx.iam.quotas.trustPolicySize);
      const role: RoleRecord = { ...current, trust: input.PolicyDocument, trustPrincipalIds: trust.principalIds };
      ctx.iam.primeDocument(role, 'trust', trust.document);
      return {
        writes: [{ op: 'put', record: role }],
        events: [{ type: 'role-trust-changed', role: roleRef(role) }],
        result: {},
      };
    }, ctx.requestId),
});

const deleteRole = defineOperation<Iam.DeleteRoleRequest, Record<string, never>>({
  name: 'DeleteRole',
  authorization: { kind: 'policy', action: 'iam:DeleteRole', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const role = requireRole(index, ctx.account, input.RoleName);
      if (index.profilesOfRole(role).length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.instanceProfile);
      if (role.inline.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.inlinePolicies);
      if (role.attached.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.attachedPolicies);
      return { writes: [{ op: 'delete', record: role }], events: [{ type: 'role-deleted', role: roleRef(role) }], result: {} };
    }, ctx.requestId),
});

export const roleOperations = [createRole, listRoles, updateRole, updateRoleDescription, updateAssumeRolePolicy, deleteRole];
