/** Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser (aws-behaviour.md §2.1, §2.3). */
import { rootArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { REFERENCED_OBJECTS_CONFLICT } from '../credential-errors.js';
import { deleteConflictMessages, iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { DEFAULT_PATH, requireBoundary, requireUser, subjectOf } from '../lookup.js';
import { nameKey, paginate, sortByKey } from '../paginate.js';
import type { UserRecord } from '../records.js';
import { entityArn, keyOwnerArn, listArn } from '../resources.js';
import { mergeTags } from '../tags.js';
import { userOut } from '../wire.js';

const createUser = defineOperation<Iam.CreateUserRequest, Iam.CreateUserResponse>({
  name: 'CreateUser',
  authorization: { kind: 'policy', action: 'iam:CreateUser', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName, input.Path)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      if (index.byName('user', ctx.account, input.UserName) !== undefined) throw iamErrors.userExists(input.UserName);
      const limit = ctx.iam.quotas.usersPerAccount;
      if (index.count('user', ctx.account) >= limit) throw iamErrors.quota('UsersPerAccount', limit);
      const boundaryArn = input.PermissionsBoundary === undefined ? null : requireBoundary(ctx.iam, ctx.account, input.PermissionsBoundary);
      const user: UserRecord = {
        kind: 'user',
        account: ctx.account,
        id: ctx.ids.uniqueId('AIDA'),
        name: input.UserName,
        path: input.Path ?? DEFAULT_PATH,
        createdMs: ctx.nowMs,
        boundaryArn,
        tags: mergeTags([], input.Tags ?? [], ctx.iam.quotas.tagsPerEntity, 'User'),
        inline: [],
        attached: [],
        groupIds: [],
      };
      return {
        writes: [{ op: 'put', record: user }],
        events: [{ type: 'user-changed', account: user.account, userId: user.id }],
        result: { User: userOut(user, 'full') },
      };
    }, ctx.requestId),
});

const getUser = defineOperation<Iam.GetUserRequest, Iam.GetUserResponse>({
  name: 'GetUser',
  authorization: { kind: 'policy', action: 'iam:GetUser', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: async (input, ctx) => {
    const subject = subjectOf(ctx, ctx.iam.index, input.UserName);
    if (subject.type === 'user') return { User: userOut(subject.user, 'full') };
    // The root "user" has no name and no path: UserId is the account id, Arn the root ARN (§2.3).
    const created = ctx.iam.index.account(ctx.account)?.createdMs ?? ctx.nowMs;
    return { User: { UserId: ctx.account, Arn: rootArn(ctx.account), CreateDate: created } as Iam.User };
  },
});

const listUsers = defineOperation<Iam.ListUsersRequest, Iam.ListUsersResponse>({
  name: 'ListUsers',
  authorization: { kind: 'policy', action: 'iam:ListUsers', resources: (input, ctx) => [listArn(ctx, 'user', input.PathPrefix)] },
  handle: async (input, ctx) => {
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const users = sortByKey(
      ctx.iam.index.all('user', ctx.account).filter((u) => u.path.startsWith(prefix)),
      nameKey,
    );
    const page = paginate(users, nameKey, input.Marker, input.MaxItems);
    return { Users: page.items.map((u) => userOut(u, 'list')), ...page.info };
  },
});

const updateUser = defineOperation<Iam.UpdateUserRequest, Record<string, never>>({
  name: 'UpdateUser',
  authorization: { kind: 'policy', action: 'iam:UpdateUser', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const user = requireUser(index, ctx.account, input.UserName);
      const name = input.NewUserName ?? user.name;
      const clash = index.byName('user', ctx.account, name);
      if (clash !== undefined && clash.id !== user.id) throw iamErrors.userExists(name);
      const renamed: UserRecord = { ...user, name, path: input.NewPath ?? user.path };
      // The user's long-term keys carry its name and path (they make the caller's ARN): keep them in step.
      const keys = index.accessKeysOf(ctx.account, { type: 'user', userId: user.id }).map((key) => ({
        ...key,
        owner: { type: 'user' as const, userName: renamed.name, userId: user.id, path: renamed.path },
      }));
      return {
        writes: [{ op: 'put', record: renamed }, ...keys.map((key) => ({ op: 'put-key' as const, key }))],
        events: [{ type: 'user-changed', account: user.account, userId: user.id }],
        result: {},
      };
    }, ctx.requestId),
});

/** What a user may still hold outside IAM's own records, that DeleteUser must refuse over (virtual MFA devices). */
export interface UserHoldings {
  /** How many MFA devices are enabled for the user (user names compare case-insensitively, §2.1). */
  readonly mfaDevices: (account: string, userName: string) => number;
}

const MFA_DEVICE_CONFLICT = 'Cannot delete entity, must delete MFA device first.';

/** Signing certificates, SSH public keys and service-specific credentials (§12.2). */
function holdsOtherCredentials(index: IamIndex, user: UserRecord): boolean {
  return (
    index.all('signing-certificate', user.account).some((c) => c.owner.type === 'user' && c.owner.userId === user.id) ||
    index.all('ssh-public-key', user.account).some((k) => k.userId === user.id) ||
    index.all('service-credential', user.account).some((c) => c.userId === user.id)
  );
}

/**
 * DeleteUser refuses while the user still has something attached, in the order AWS's API reference lists the
 * prerequisites (§2.3, §2.5, §12.1, §12.2): password (login profile), access keys, signing certificates, SSH public
 * keys and service-specific credentials, MFA devices, inline policies, attached policies, groups. Each is 409
 * `DeleteConflict` with its own text.
 */
export function deleteUserOperation(holdings: UserHoldings): Operation {
  return defineOperation<Iam.DeleteUserRequest, Record<string, never>>({
    name: 'DeleteUser',
    authorization: { kind: 'policy', action: 'iam:DeleteUser', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)] },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const user = requireUser(index, ctx.account, input.UserName);
        if (index.loginProfile(user.id) !== undefined) throw iamErrors.deleteConflict(deleteConflictMessages.loginProfile);
        if (index.accessKeysOf(ctx.account, { type: 'user', userId: user.id }).length > 0) {
          throw iamErrors.deleteConflict(deleteConflictMessages.accessKeys);
        }
        if (holdsOtherCredentials(index, user)) throw iamErrors.deleteConflict(REFERENCED_OBJECTS_CONFLICT);
        if (holdings.mfaDevices(ctx.account, user.name) > 0) throw iamErrors.deleteConflict(MFA_DEVICE_CONFLICT);
        if (user.inline.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.inlinePolicies);
        if (user.attached.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.attachedPolicies);
        if (user.groupIds.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.groupMembership);
        return {
          writes: [{ op: 'delete', record: user }],
          events: [{ type: 'user-deleted', account: user.account, userId: user.id }],
          result: {},
        };
      }, ctx.requestId),
  });
}

/** The user operations but DeleteUser, which needs the user's holdings (`deleteUserOperation`). */
export const userOperations = [createUser, getUser, listUsers, updateUser];
