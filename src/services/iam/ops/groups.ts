/**
 * Groups and membership: CreateGroup, GetGroup (with its users), ListGroups, UpdateGroup, DeleteGroup,
 * AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser (aws-behaviour.md §2).
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { deleteConflictMessages, iamErrors } from '../iam-errors.js';
import { DEFAULT_PATH, requireGroup, requireUser } from '../lookup.js';
import { nameKey, paginate, sortByKey } from '../paginate.js';
import type { GroupRecord, UserRecord } from '../records.js';
import { entityArn, listArn } from '../resources.js';
import { groupOut, userOut } from '../wire.js';

const createGroup = defineOperation<Iam.CreateGroupRequest, Iam.CreateGroupResponse>({
  name: 'CreateGroup',
  authorization: { kind: 'policy', action: 'iam:CreateGroup', resources: (input, ctx) => [entityArn(ctx, 'group', input.GroupName, input.Path)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      if (index.byName('group', ctx.account, input.GroupName) !== undefined) throw iamErrors.groupExists(input.GroupName);
      const limit = ctx.iam.quotas.groupsPerAccount;
      if (index.count('group', ctx.account) >= limit) throw iamErrors.quota('GroupsPerAccount', limit);
      const group: GroupRecord = {
        kind: 'group',
        account: ctx.account,
        id: ctx.ids.uniqueId('AGPA'),
        name: input.GroupName,
        path: input.Path ?? DEFAULT_PATH,
        createdMs: ctx.nowMs,
        inline: [],
        attached: [],
      };
      return {
        writes: [{ op: 'put', record: group }],
        events: [{ type: 'group-changed', account: group.account, groupId: group.id }],
        result: { Group: groupOut(group) },
      };
    }, ctx.requestId),
});

const getGroup = defineOperation<Iam.GetGroupRequest, Iam.GetGroupResponse>({
  name: 'GetGroup',
  authorization: { kind: 'policy', action: 'iam:GetGroup', resources: (input, ctx) => [entityArn(ctx, 'group', input.GroupName)] },
  handle: async (input, ctx) => {
    const { index } = ctx.iam;
    const group = requireGroup(index, ctx.account, input.GroupName);
    const page = paginate(sortByKey(index.groupMembers(group), nameKey), nameKey, input.Marker, input.MaxItems);
    return { Group: groupOut(group), Users: page.items.map((u) => userOut(u, 'list')), ...page.info };
  },
});

const listGroups = defineOperation<Iam.ListGroupsRequest, Iam.ListGroupsResponse>({
  name: 'ListGroups',
  authorization: { kind: 'policy', action: 'iam:ListGroups', resources: (input, ctx) => [listArn(ctx, 'group', input.PathPrefix)] },
  handle: async (input, ctx) => {
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const groups = sortByKey(
      ctx.iam.index.all('group', ctx.account).filter((g) => g.path.startsWith(prefix)),
      nameKey,
    );
    const page = paginate(groups, nameKey, input.Marker, input.MaxItems);
    return { Groups: page.items.map(groupOut), ...page.info };
  },
});

const updateGroup = defineOperation<Iam.UpdateGroupRequest, Record<string, never>>({
  name: 'UpdateGroup',
  authorization: { kind: 'policy', action: 'iam:UpdateGroup', resources: (input, ctx) => [entityArn(ctx, 'group', input.GroupName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const group = requireGroup(index, ctx.account, input.GroupName);
      const name = input.NewGroupName ?? group.name;
      const clash = index.byName('group', ctx.account, name);
      if (clash !== undefined && clash.id !== group.id) throw iamErrors.groupExists(name);
      const updated: GroupRecord = { ...group, name, path: input.NewPath ?? group.path };
      return {
        writes: [{ op: 'put', record: updated }],
        events: [{ type: 'group-changed', account: group.account, groupId: group.id }],
        result: {},
      };
    }, ctx.requestId),
});

const deleteGroup = defineOperation<Iam.DeleteGroupRequest, Record<string, never>>({
  name: 'DeleteGroup',
  authorization: { kind: 'policy', action: 'iam:DeleteGroup', resources: (input, ctx) => [entityArn(ctx, 'group', input.GroupName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const group = requireGroup(index, ctx.account, input.GroupName);
      if (index.groupMembers(group).length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.groupMembership);
      if (group.inline.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.inlinePolicies);
      if (group.attached.length > 0) throw iamErrors.deleteConflict(deleteConflictMessages.attachedPolicies);
      return {
        writes: [{ op: 'delete', record: group }],
        events: [{ type: 'group-changed', account: group.account, groupId: group.id }],
        result: {},
      };
    }, ctx.requestId),
});

const addUserToGroup = defineOperation<Iam.AddUserToGroupRequest, Record<string, never>>({
  name: 'AddUserToGroup',
  authorization: { kind: 'policy', action: 'iam:AddUserToGroup', resources: (input, ctx) => [entityArn(ctx, 'group', input.GroupName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const group = requireGroup(index, ctx.account, input.GroupName);
      const user = requireUser(index, ctx.account, input.UserName);
      // Adding a member again is a silent success, as on AWS.
      if (user.groupIds.includes(group.id)) return { writes: [], result: {} };
      const limit = ctx.iam.quotas.groupsPerUser;
      if (user.groupIds.length >= limit) throw iamErrors.quota('GroupsPerUser', limit);
      const updated: UserRecord = { ...user, groupIds: [...user.groupIds, group.id] };
      return {
        writes: [{ op: 'put', record: updated }],
        events: [{ type: 'user-changed', account: user.account, userId: user.id }],
        result: {},
      };
    }, ctx.requestId),
});

const removeUserFromGroup = defineOperation<Iam.RemoveUserFromGroupRequest, Record<string, never>>({
  name: 'RemoveUserFromGroup',
  authorization: { kind: 'policy', action: 'iam:RemoveUserFromGroup', resources: (input, ctx) => [entityArn(ctx, 'group', input.GroupName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      // The user is looked up before the group: a missing user and a missing group name the user
      // [O: LS-SNAP remove-from-unknown-group, aws-behaviour.md §10.10].
      const user = requireUser(index, ctx.account, input.UserName);
      const group = requireGroup(index, ctx.account, input.GroupName);
      if (!user.groupIds.includes(group.id)) throw iamErrors.noSuchNamed('user', input.UserName);
      const updated: UserRecord = { ...user, groupIds: user.groupIds.filter((id) => id !== group.id) };
      return {
        writes: [{ op: 'put', record: updated }],
        events: [{ type: 'user-changed', account: user.account, userId: user.id }],
        result: {},
      };
    }, ctx.requestId),
});

const listGroupsForUser = defineOperation<Iam.ListGroupsForUserRequest, Iam.ListGroupsForUserResponse>({
  name: 'ListGroupsForUser',
  authorization: { kind: 'policy', action: 'iam:ListGroupsForUser', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)] },
  handle: async (input, ctx) => {
    const { index } = ctx.iam;
    const user = requireUser(index, ctx.account, input.UserName);
    const groups = user.groupIds.map((id) => index.get('group', id)).filter((g): g is GroupRecord => g !== undefined);
    const page = paginate(sortByKey(groups, nameKey), nameKey, input.Marker, input.MaxItems);
    return { Groups: page.items.map(groupOut), ...page.info };
  },
});

export const groupOperations = [createGroup, getGroup, listGroups, updateGroup, deleteGroup, addUserToGroup, removeUserFromGroup, listGroupsForUser];
