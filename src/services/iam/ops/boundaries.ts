/**
 * Permissions boundaries: Put/Delete{User,Role}PermissionsBoundary. The boundary must be a managed policy
 * of the account or an AWS managed one (`Scope ARN: <arn> does not exist or is not attachable.`).
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { requireBoundary, requireRole, requireUser } from '../lookup.js';
import type { RoleRecord, UserRecord } from '../records.js';
import { entityArn, roleRef } from '../resources.js';

const putUserPermissionsBoundary = defineOperation<Iam.PutUserPermissionsBoundaryRequest, Record<string, never>>({
  name: 'PutUserPermissionsBoundary',
  authorization: { kind: 'policy', action: 'iam:PutUserPermissionsBoundary', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const user = requireUser(index, ctx.account, input.UserName);
      const updated: UserRecord = { ...user, boundaryArn: requireBoundary(ctx.iam, ctx.account, input.PermissionsBoundary) };
      return { writes: [{ op: 'put', record: updated }], events: [{ type: 'user-changed', account: user.account, userId: user.id }], result: {} };
    }, ctx.requestId),
});

const deleteUserPermissionsBoundary = defineOperation<Iam.DeleteUserPermissionsBoundaryRequest, Record<string, never>>({
  name: 'DeleteUserPermissionsBoundary',
  authorization: { kind: 'policy', action: 'iam:DeleteUserPermissionsBoundary', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const user = requireUser(index, ctx.account, input.UserName);
      if (user.boundaryArn === null) return { writes: [], result: {} };
      const updated: UserRecord = { ...user, boundaryArn: null };
      return { writes: [{ op: 'put', record: updated }], events: [{ type: 'user-changed', account: user.account, userId: user.id }], result: {} };
    }, ctx.requestId),
});

const putRolePermissionsBoundary = defineOperation<Iam.PutRolePermissionsBoundaryRequest, Record<string, never>>({
  name: 'PutRolePermissionsBoundary',
  authorization: { kind: 'policy', action: 'iam:PutRolePermissionsBoundary', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const role = requireRole(index, ctx.account, input.RoleName);
      const updated: RoleRecord = { ...role, boundaryArn: requireBoundary(ctx.iam, ctx.account, input.PermissionsBoundary) };
      return { writes: [{ op: 'put', record: updated }], events: [{ type: 'role-policies-changed', role: roleRef(updated) }], result: {} };
    }, ctx.requestId),
});

const deleteRolePermissionsBoundary = defineOperation<Iam.DeleteRolePermissionsBoundaryRequest, Record<string, never>>({
  name: 'DeleteRolePermissionsBoundary',
  authorization: { kind: 'policy', action: 'iam:DeleteRolePermissionsBoundary', resources: (input, ctx) => [entityArn(ctx, 'role', input.RoleName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const role = requireRole(index, ctx.account, input.RoleName);
      if (role.boundaryArn === null) return { writes: [], result: {} };
      const updated: RoleRecord = { ...role, boundaryArn: null };
      return { writes: [{ op: 'put', record: updated }], events: [{ type: 'role-policies-changed', role: roleRef(updated) }], result: {} };
    }, ctx.requestId),
});

export const boundaryOperations = [
  putUserPermissionsBoundary,
  deleteUserPermissionsBoundary,
  putRolePermissionsBoundary,
  deleteRolePermissionsBoundary,
];
