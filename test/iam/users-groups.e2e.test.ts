/** IAM users, access keys and groups through the real gateway, called by @aws-sdk/client-iam. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  DeleteUserPolicyCommand,
  DeleteGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ALLOW_S3_READ, failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

describe('IAM users, access keys and groups', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('CreateUser returns the user; names are unique case-insensitively', async () => {
    const { User } = await l.iam.send(new CreateUserCommand({ UserName: 'Alice', Path: '/team/', Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.equal(User?.UserName, 'Alice');
    assert.equal(User?.Path, '/team/');
    assert.equal(User?.Arn, 'arn:aws:iam::123456789012:user/team/Alice');
    assert.match(User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(User?.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.ok(User?.CreateDate instanceof Date);
    assert.deepEqual(await failure(() => l.iam.send(new CreateUserCommand({ UserName: 'alice' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name alice already exists.',
    });
  });

  it('GetUser finds names case-insensitively and reports missing users with AWS text', async () => {
    const { User } = await l.iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    assert.equal(User?.UserName, 'Alice');
    assert.deepEqual(await failure(() => l.iam.send(new GetUserCommand({ UserName: 'nobody' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  it('GetUser without UserName as root returns the root ARN and the account id', async () => {
    const { User } = await l.iam.send(new GetUserCommand({}));
    assert.equal(User?.Arn, 'arn:aws:iam::123456789012:root');
    assert.equal(User?.UserId, '123456789012');
    assert.equal(User?.UserName, undefined);
  });

  it('ListUsers paginates with Marker/MaxItems and filters by PathPrefix', async () => {
    for (const name of ['u1', 'u2', 'u3', 'u4']) await l.iam.send(new CreateUserCommand({ UserName: name, Path: '/paged/' }));
    const first = await l.iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 3 }));
    assert.deepEqual(
      first.Users?.map((u) => u.UserName),
      ['u1', 'u2', 'u3'],
    );
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    assert.equal(first.Users?.[0]?.Tags, undefined);
    const second = await l.iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 3, Marker: first.Marker }));
    assert.deepEqual(
      second.Users?.map((u) => u.UserName),
      ['u4'],
    );
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    const all = await l.iam.send(new ListUsersCommand({}));
    assert.ok((all.Users ?? []).some((u) => u.UserName === 'Alice'));
  });

  it('access keys: create, list, two-per-user quota, deactivate, delete; the user can call with its key', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'keyed' }));
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
    assert.match(AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey?.SecretAccessKey?.length, 40);
    assert.equal(AccessKey?.Status, 'Active');
    assert.equal(AccessKey?.UserName, 'keyed');
    const second = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
    assert.deepEqual(await failure(() => l.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    const listed = await l.iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.deepEqual(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId).sort(), [AccessKey?.AccessKeyId, second.AccessKey?.AccessKeyId].sort());
    assert.equal(listed.AccessKeyMetadata?.[0]?.UserName, 'keyed');
    assert.equal((listed.AccessKeyMetadata?.[0] as Record<string, unknown>)['SecretAccessKey'], undefined);

    const credentials = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
    const sts = new STSClient({ endpoint: l.lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::123456789012:user/keyed');

    await l.iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: credentials.accessKeyId, Status: 'Inactive' }));
    const inactive = await l.iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.equal(inactive.AccessKeyMetadata?.find((k) => k.AccessKeyId === credentials.accessKeyId)?.Status, 'Inactive');
    const denied = await failure(() => sts.send(new GetCallerIdentityCommand({})));
    assert.equal(denied.status, 403);

    assert.deepEqual(await failure(() => l.iam.send(new DeleteUserCommand({ UserName: 'keyed' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete access keys first.',
    });
    await l.iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: credentials.accessKeyId }));
    await l.iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: second.AccessKey?.AccessKeyId ?? '' }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: credentials.accessKeyId }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `The Access Key with id ${credentials.accessKeyId} cannot be found.`,
    });
    await l.iam.send(new DeleteUserCommand({ UserName: 'keyed' }));
  });

  it('without UserName, access-key operations act on the caller: root manages the root keys', async () => {
    const rootKeys = await l.iam.send(new ListAccessKeysCommand({}));
    assert.deepEqual(
      rootKeys.AccessKeyMetadata?.map((k) => k.AccessKeyId),
      [l.root.accessKeyId],
    );
    assert.equal(rootKeys.AccessKeyMetadata?.[0]?.UserName, undefined);
    const extra = await l.iam.send(new CreateAccessKeyCommand({}));
    assert.equal(extra.AccessKey?.UserName, undefined);
    assert.deepEqual(await failure(() => l.iam.send(new CreateAccessKeyCommand({}))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    await l.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: extra.AccessKey?.AccessKeyId ?? '' }));
  });

  it("a user's own-key call declares the user's ARN as its resource (no policy yet: AccessDenied on it)", async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'self' }));
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'self' }));
    const asSelf = l.client({ accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' });
    const denied = await failure(() => asSelf.send(new ListAccessKeysCommand({})));
    assert.equal(denied.code, 'AccessDenied');
    assert.match(
      denied.message,
      /^User: arn:aws:iam::123456789012:user\/self is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::123456789012:user\/self/,
    );
  });

  it('UpdateUser renames the user; its keys keep working under the new ARN', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'before' }));
    await l.iam.send(new CreateUserCommand({ UserName: 'taken' }));
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'before' }));
    assert.deepEqual(await failure(() => l.iam.send(new UpdateUserCommand({ UserName: 'before', NewUserName: 'TAKEN' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name TAKEN already exists.',
    });
    await l.iam.send(new UpdateUserCommand({ UserName: 'before', NewUserName: 'after', NewPath: '/moved/' }));
    const credentials = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
    const sts = new STSClient({ endpoint: l.lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::123456789012:user/moved/after');
    assert.equal((await l.iam.send(new ListAccessKeysCommand({ UserName: 'after' }))).AccessKeyMetadata?.[0]?.UserName, 'after');
    assert.equal((await failure(() => l.iam.send(new GetUserCommand({ UserName: 'before' })))).code, 'NoSuchEntity');
  });

  it('groups: create, membership, GetGroup with users, ListGroupsForUser, delete conflicts', async () => {
    const { Group } = await l.iam.send(new CreateGroupCommand({ GroupName: 'Devs', Path: '/eng/' }));
    assert.equal(Group?.Arn, 'arn:aws:iam::123456789012:group/eng/Devs');
    assert.match(Group?.GroupId ?? '', /^AGPA[A-Z2-7]{17}$/);
    assert.deepEqual(await failure(() => l.iam.send(new CreateGroupCommand({ GroupName: 'devs' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Group with name devs already exists.',
    });
    await l.iam.send(new CreateUserCommand({ UserName: 'member' }));
    await l.iam.send(new AddUserToGroupCommand({ GroupName: 'Devs', UserName: 'member' }));
    await l.iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'member' }));
    const got = await l.iam.send(new GetGroupCommand({ GroupName: 'Devs' }));
    assert.deepEqual(
      got.Users?.map((u) => u.UserName),
      ['member'],
    );
    assert.equal(got.IsTruncated, false);
    const forUser = await l.iam.send(new ListGroupsForUserCommand({ UserName: 'member' }));
    assert.deepEqual(
      forUser.Groups?.map((g) => g.GroupName),
      ['Devs'],
    );
    assert.deepEqual(
      (await l.iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }))).Groups?.map((g) => g.GroupName),
      ['Devs'],
    );

    assert.deepEqual(await failure(() => l.iam.send(new DeleteUserCommand({ UserName: 'member' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must remove users from group first.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new DeleteGroupCommand({ GroupName: 'Devs' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must remove users from group first.',
    });
    await l.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Devs', UserName: 'member' }));
    assert.deepEqual(await failure(() => l.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Devs', UserName: 'member' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name member cannot be found.',
    });
    await l.iam.send(new PutGroupPolicyCommand({ GroupName: 'Devs', PolicyName: 'p', PolicyDocument: ALLOW_S3_READ }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteGroupCommand({ GroupName: 'Devs' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    });
    await l.iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Devs', PolicyName: 'p' }));
    await l.iam.send(new UpdateGroupCommand({ GroupName: 'Devs', NewGroupName: 'Developers' }));
    await l.iam.send(new DeleteGroupCommand({ GroupName: 'developers' }));
    assert.deepEqual(await failure(() => l.iam.send(new GetGroupCommand({ GroupName: 'Devs' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The group with name Devs cannot be found.',
    });
  });

  it('DeleteUser refuses while inline policies remain, then deletes', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'inl' }));
    await l.iam.send(new PutUserPolicyCommand({ UserName: 'inl', PolicyName: 'p', PolicyDocument: ALLOW_S3_READ }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteUserCommand({ UserName: 'inl' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    });
    await l.iam.send(new DeleteUserPolicyCommand({ UserName: 'inl', PolicyName: 'p' }));
    await l.iam.send(new DeleteUserCommand({ UserName: 'inl' }));
  });

  it("a pattern violation is a ValidationError with IAM's Coral text, which leaves the value out", async () => {
    assert.deepEqual(await failure(() => l.iam.send(new CreateUserCommand({ UserName: 'bad name' }))), {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
  });
});
