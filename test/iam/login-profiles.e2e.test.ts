/**
 * Login profiles and ChangePassword through the real gateway, called by @aws-sdk/client-iam (aws-behaviour.md
 * §12.1): AWS's recorded answers, the password policy on every password set, the account-level grant of
 * AllowUsersToChangePassword and HardExpiry on the virtual clock, DeleteUser's conflict, and a store that keeps
 * only salted hashes, across a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const DAY_MS = 86_400_000;

const allow = (action: string, resource: string, effect: 'Allow' | 'Deny' = 'Allow'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] });

describe('login profiles and ChangePassword', () => {
  let l: IamLab;
  /** A user with a login profile and its own access key, signed in as itself. */
  const userWithPassword = async (name: string, password: string): Promise<IAMClient> => {
    await l.iam.send(new CreateUserCommand({ UserName: name }));
    await l.iam.send(new CreateLoginProfileCommand({ UserName: name, Password: password }));
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return l.client({ accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' });
  };
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('CreateLoginProfile, GetLoginProfile, UpdateLoginProfile and DeleteLoginProfile answer as AWS recorded', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'lp-user' }));
    const created = await l.iam.send(
      new CreateLoginProfileCommand({ UserName: 'lp-user', Password: 'TestPassword123!', PasswordResetRequired: false }),
    );
    assert.equal(created.LoginProfile?.UserName, 'lp-user');
    assert.equal(created.LoginProfile?.PasswordResetRequired, false);
    // The virtual time of the request.
    assert.ok(Math.abs((created.LoginProfile?.CreateDate?.getTime() ?? 0) - l.lab.clock.now()) < 2000);
    const got = await l.iam.send(new GetLoginProfileCommand({ UserName: 'lp-user' }));
    assert.deepEqual(got.LoginProfile, created.LoginProfile);

    l.lab.clock.advance(60_000);
    await l.iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-user', Password: 'NewPassword456!', PasswordResetRequired: true }));
    const updated = await l.iam.send(new GetLoginProfileCommand({ UserName: 'lp-user' }));
    assert.equal(updated.LoginProfile?.PasswordResetRequired, true);
    // CreateDate stays when the first password was set: the same virtual instant, shown in the client's frame,
    // which the clock move shifted by a minute (design.md "Time").
    assert.equal(updated.LoginProfile?.CreateDate?.getTime(), (created.LoginProfile?.CreateDate?.getTime() ?? 0) - 60_000);

    await l.iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-user' }));
    assert.deepEqual(await failure(() => l.iam.send(new GetLoginProfileCommand({ UserName: 'lp-user' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'Login Profile for User lp-user cannot be found.',
    });
  });

  it("refuses with AWS's recorded errors: unknown user, a second profile, no profile to delete", async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'lp-errors' }));
    assert.deepEqual(await failure(() => l.iam.send(new CreateLoginProfileCommand({ UserName: 'nonexistent-user', Password: 'TestPassword123!' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nonexistent-user cannot be found.',
    });
    await l.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-errors', Password: 'TestPassword123!' }));
    assert.deepEqual(await failure(() => l.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-errors', Password: 'AnotherPassword123!' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Login Profile for user lp-errors already exists.',
    });
    await l.iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-errors' }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-errors' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'Login Profile for User lp-errors cannot be found.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new DeleteLoginProfileCommand({ UserName: 'nonexistent-user' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nonexistent-user cannot be found.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-errors', PasswordResetRequired: true }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'Login Profile for User lp-errors cannot be found.',
    });
  });

  it('a password is required, and only an IAM user may leave UserName out', async () => {
    assert.deepEqual(await failure(() => l.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-errors' }))), {
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
    });
    assert.deepEqual(await failure(() => l.iam.send(new GetLoginProfileCommand({}))), {
      code: 'ValidationError',
      status: 400,
      message: 'Must specify userName when calling with non-User credentials',
    });
    const self = await userWithPassword('lp-self', 'SelfPassword1!');
    await l.iam.send(new PutUserPolicyCommand({ UserName: 'lp-self', PolicyName: 'p', PolicyDocument: allow('iam:*LoginProfile', '*') }));
    const own = await self.send(new GetLoginProfileCommand({}));
    assert.equal(own.LoginProfile?.UserName, 'lp-self');
    await self.send(new DeleteLoginProfileCommand({}));
    assert.equal((await self.send(new CreateLoginProfileCommand({ Password: 'SelfPassword2!' }))).LoginProfile?.UserName, 'lp-self');
  });

  it("without a custom policy, AWS's default policy applies: 8 characters, three kinds of the four", async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'lp-default' }));
    const violation = {
      code: 'PasswordPolicyViolation',
      status: 400,
      message: 'Password does not conform to the account password policy.',
    };
    for (const weak of ['Ab1!', 'alllowercase1', 'ONLYUPPER!!!!']) {
      assert.deepEqual(await failure(() => l.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-default', Password: weak }))), violation);
    }
    await l.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-default', Password: 'Abcdefg1' }));
    assert.deepEqual(await failure(() => l.iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-default', Password: 'short' }))), violation);
  });

  it('DeleteUser refuses while the user has a login profile; a rename keeps the profile', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'lp-delete' }));
    await l.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-delete', Password: 'TestPassword123!' }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteUserCommand({ UserName: 'lp-delete' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete login profile first.',
    });
    await l.iam.send(new UpdateUserCommand({ UserName: 'lp-delete', NewUserName: 'lp-renamed' }));
    assert.equal((await l.iam.send(new GetLoginProfileCommand({ UserName: 'lp-renamed' }))).LoginProfile?.UserName, 'lp-renamed');
    await l.iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-renamed' }));
    await l.iam.send(new DeleteUserCommand({ UserName: 'lp-renamed' }));
  });

  it('ChangePassword is for IAM users only, and needs iam:ChangePassword on their own ARN', async () => {
    assert.deepEqual(await failure(() => l.iam.send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'y' }))), {
      code: 'InvalidUserType',
      status: 400,
      message: 'Only IAM Users can change their own password.',
    });
    const self = await userWithPassword('cp-denied', 'FirstPassword1!');
    const denied = await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'FirstPassword1!', NewPassword: 'SecondPassword2!' })));
    assert.equal(denied.code, 'AccessDenied');
    assert.equal(denied.status, 403);
    assert.match(denied.message, /iam:ChangePassword on resource: arn:aws:iam::123456789012:user\/cp-denied/);
  });

  it('AllowUsersToChangePassword lets every user change its own password under the policy, an explicit deny still wins', async () => {
    await l.iam.send(
      new UpdateAccountPasswordPolicyCommand({
        AllowUsersToChangePassword: true,
        MinimumPasswordLength: 10,
        RequireNumbers: true,
        PasswordReusePrevention: 2,
      }),
    );
    try {
      const self = await userWithPassword('cp-user', 'Password-0001');
      await l.iam.send(new UpdateLoginProfileCommand({ UserName: 'cp-user', PasswordResetRequired: true }));
      // The grant covers reading the policy too.
      assert.equal((await self.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.MinimumPasswordLength, 10);
      assert.deepEqual(await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'wrong-password1', NewPassword: 'Password-0002' }))), {
        code: 'AccessDenied',
        status: 403,
        message: 'The old password was incorrect.',
      });
      const violation = { code: 'PasswordPolicyViolation', status: 400, message: 'Password does not conform to the account password policy.' };
      assert.deepEqual(
        await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'Password-0001', NewPassword: 'no-digits-here' }))),
        violation,
      );
      // Reuse prevention 2: the current password and the one before it.
      assert.deepEqual(
        await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'Password-0001', NewPassword: 'Password-0001' }))),
        violation,
      );
      await self.send(new ChangePasswordCommand({ OldPassword: 'Password-0001', NewPassword: 'Password-0002' }));
      assert.equal((await l.iam.send(new GetLoginProfileCommand({ UserName: 'cp-user' }))).LoginProfile?.PasswordResetRequired, false);
      assert.deepEqual(
        await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'Password-0002', NewPassword: 'Password-0001' }))),
        violation,
      );
      await self.send(new ChangePasswordCommand({ OldPassword: 'Password-0002', NewPassword: 'Password-0003' }));
      await self.send(new ChangePasswordCommand({ OldPassword: 'Password-0003', NewPassword: 'Password-0001' }));

      await l.iam.send(
        new PutUserPolicyCommand({ UserName: 'cp-user', PolicyName: 'deny', PolicyDocument: allow('iam:ChangePassword', '*', 'Deny') }),
      );
      assert.equal(
        (await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'Password-0001', NewPassword: 'Password-0004' })))).code,
        'AccessDenied',
      );
      await l.iam.send(new DeleteUserPolicyCommand({ UserName: 'cp-user', PolicyName: 'deny' }));

      // Without the setting the grant is gone.
      await l.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10 }));
      assert.equal(
        (await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'Password-0001', NewPassword: 'Password-0004' })))).code,
        'AccessDenied',
      );
      assert.equal((await failure(() => self.send(new GetAccountPasswordPolicyCommand({})))).code, 'AccessDenied');
    } finally {
      await l.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    }
  });

  it('HardExpiry: once the password expires on the virtual clock, only the user’s own policies allow ChangePassword', async () => {
    await l.iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MaxPasswordAge: 1, HardExpiry: true }));
    try {
      const self = await userWithPassword('cp-expiry', 'Expiring-001');
      l.lab.clock.advance(DAY_MS / 2);
      await self.send(new ChangePasswordCommand({ OldPassword: 'Expiring-001', NewPassword: 'Expiring-002' }));
      l.lab.clock.advance(2 * DAY_MS);
      const expired = await failure(() => self.send(new ChangePasswordCommand({ OldPassword: 'Expiring-002', NewPassword: 'Expiring-003' })));
      assert.equal(expired.code, 'AccessDenied');
      await l.iam.send(
        new PutUserPolicyCommand({
          UserName: 'cp-expiry',
          PolicyName: 'own',
          PolicyDocument: allow('iam:ChangePassword', 'arn:aws:iam::123456789012:user/cp-expiry'),
        }),
      );
      await self.send(new ChangePasswordCommand({ OldPassword: 'Expiring-002', NewPassword: 'Expiring-003' }));
      // Without HardExpiry an expired password may still be changed through the grant.
      await l.iam.send(new DeleteUserPolicyCommand({ UserName: 'cp-expiry', PolicyName: 'own' }));
      await l.iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MaxPasswordAge: 1 }));
      l.lab.clock.advance(2 * DAY_MS);
      await self.send(new ChangePasswordCommand({ OldPassword: 'Expiring-003', NewPassword: 'Expiring-004' }));
    } finally {
      await l.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    }
  });
});

describe('login profiles in the store', () => {
  it('keep only a salted hash of the password, and survive a restart', async () => {
    const first = await startIamLab({ keepData: true });
    const { dataDir } = first;
    try {
      await first.iam.send(new CreateUserCommand({ UserName: 'kept' }));
      await first.iam.send(new CreateLoginProfileCommand({ UserName: 'kept', Password: 'Stored-Secret-42' }));
      await first.iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true }));
      const stored = await first.lab.store.transaction((tx) => tx.list('iam-login-profiles'));
      const text = JSON.stringify(stored);
      assert.equal(stored.length, 1);
      assert.ok(!text.includes('Stored-Secret-42'), 'the password itself is not stored');
      assert.match(
        String((stored[0]?.value as { passwordHash?: string }).passwordHash),
        /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/,
      );
    } finally {
      await first.dispose();
    }
    const second = await startIamLab({ dataDir });
    try {
      assert.equal((await second.iam.send(new GetLoginProfileCommand({ UserName: 'kept' }))).LoginProfile?.UserName, 'kept');
      assert.equal((await second.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.AllowUsersToChangePassword, true);
      const { AccessKey } = await second.iam.send(new CreateAccessKeyCommand({ UserName: 'kept' }));
      const self = second.client({ accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' });
      await self.send(new ChangePasswordCommand({ OldPassword: 'Stored-Secret-42', NewPassword: 'Stored-Secret-43' }));
    } finally {
      await second.dispose();
    }
  });
});
