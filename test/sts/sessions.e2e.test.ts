/**
 * Session lifetimes on the virtual clock, MFA with real TOTP codes, GetSessionToken's rules, GetAccessKeyInfo
 * and DecodeAuthorizationMessage (aws-behaviour.md §1.6–§1.9).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteUserCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { ACCOUNT, allow, failure, policy, StsLab, trust } from './sts-lab.js';
import type { Keys, MfaDevice } from './sts-lab.js';

const EXPIRED = { code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' };
const INVALID_TOKEN = { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' };
const MFA_INVALID_ASSUME = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
const MFA_INVALID_SESSION =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

function keysOf(out: {
  Credentials?: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined; SessionToken?: string | undefined } | undefined;
}): Keys {
  return {
    accessKeyId: out.Credentials?.AccessKeyId ?? '',
    secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
    sessionToken: out.Credentials?.SessionToken ?? '',
  };
}

describe('STS sessions, MFA and GetSessionToken', () => {
  let l: StsLab;
  let carol: Keys & { arn: string };
  let device: MfaDevice;

  before(async () => {
    l = await StsLab.start();
    carol = await l.user('carol', policy(allow(['iam:GetUser', 'iam:ListUsers', 'sts:AssumeRole'])), '/staff/');
    device = await l.mfa('carol');
  });
  after(async () => {
    await l.dispose();
  });

  it('a session expires on the virtual clock: ExpiredToken at STS and IAM after clock.advance', async () => {
    const role = await l.role('ShortLived', trust({ AWS: carol.arn }));
    const session = await l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'brief', DurationSeconds: 900 });
    await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    l.lab.clock.advance(899_000);
    await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    l.lab.clock.advance(2_000);
    assert.deepEqual(await failure(() => l.stsAs(session).send(new GetCallerIdentityCommand({}))), EXPIRED);
    assert.deepEqual(await failure(() => l.iamAs(session).send(new ListUsersCommand({}))), EXPIRED);
    // A new session after the advance lives from the new "now".
    const fresh = await l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'fresh', DurationSeconds: 900 });
    assert.ok(Math.abs((fresh.expiration?.getTime() ?? 0) - (l.wallMs + 900_000)) < 2000, "Expiration is written in the client's (wall) frame");
    await l.stsAs(fresh).send(new GetCallerIdentityCommand({}));
  });

  it('MFA required by the trust policy: refused without a code, accepted with a real TOTP code, a reused code refused', async () => {
    const role = await l.role('NeedsMfa', trust({ AWS: carol.arn }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
    assert.deepEqual(await failure(() => l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'nomfa' })), {
      code: 'AccessDenied',
      status: 403,
      message: `User: ${carol.arn} is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`,
    });
    const code = device.code();
    const session = await l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'withmfa', SerialNumber: device.serialNumber, TokenCode: code });
    await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    assert.deepEqual(
      await failure(() => l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'again', SerialNumber: device.serialNumber, TokenCode: code })),
      {
        code: 'AccessDenied',
        status: 403,
        message: MFA_INVALID_ASSUME,
      },
    );
    assert.deepEqual(await failure(() => l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'half', SerialNumber: device.serialNumber })), {
      code: 'AccessDenied',
      status: 403,
      message: 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    });
    l.tick();
    const wrong = device.code() === '000000' ? '111111' : '000000';
    assert.deepEqual(
      await failure(() => l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'wrong', SerialNumber: device.serialNumber, TokenCode: wrong })),
      {
        code: 'AccessDenied',
        status: 403,
        message: MFA_INVALID_ASSUME,
      },
    );
  });

  it('GetSessionToken: user defaults to 12 hours; the credentials show the user; without MFA they cannot call IAM', async () => {
    const start = l.wallMs; // Expiration is written in the client's (wall) frame
    const out = await l.stsAs(carol).send(new GetSessionTokenCommand({}));
    assert.ok(Math.abs((out.Credentials?.Expiration?.getTime() ?? 0) - (start + 43_200_000)) < 2000);
    assert.equal(out.Credentials?.AccessKeyId?.slice(0, 4), 'ASIA');
    const session = keysOf(out);
    const identity = await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:iam::${ACCOUNT}:user/staff/carol`);
    assert.match(identity.UserId ?? '', /^AIDA/);
    assert.deepEqual(await failure(() => l.iamAs(session).send(new GetUserCommand({}))), INVALID_TOKEN);
    assert.deepEqual(await failure(() => l.stsAs(session).send(new GetSessionTokenCommand({}))), {
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
    assert.equal((await failure(() => l.stsAs(session).send(new GetAccessKeyInfoCommand({ AccessKeyId: carol.accessKeyId })))).code, 'AccessDenied');
  });

  it('GetSessionToken with MFA: IAM calls allowed by policy; the MFA satisfies a trust condition of a later AssumeRole', async () => {
    l.tick();
    const out = await l
      .stsAs(carol)
      .send(new GetSessionTokenCommand({ DurationSeconds: 3600, SerialNumber: device.serialNumber, TokenCode: device.code() }));
    const session = keysOf(out);
    assert.equal((await l.iamAs(session).send(new GetUserCommand({}))).User?.UserName, 'carol');
    const role = await l.role('AfterMfaSession', trust({ AWS: carol.arn }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
    // Credentials from GetSessionToken are temporary: assuming a role from them is chaining (§1.3).
    assert.equal(
      (await failure(() => l.assume(session, { RoleArn: role.arn, RoleSessionName: 'vault', DurationSeconds: 7200 }))).code,
      'ValidationError',
    );
    const chained = await l.assume(session, { RoleArn: role.arn, RoleSessionName: 'vault' });
    assert.equal(chained.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/AfterMfaSession/vault`);
    // The role session may not call GetSessionToken either.
    assert.deepEqual(await failure(() => l.stsAs(chained).send(new GetSessionTokenCommand({}))), {
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
  });

  it('GetSessionToken: a wrong code gets the GetSessionToken MFA text; root sessions are clamped to one hour', async () => {
    l.tick();
    const wrong = device.code() === '123456' ? '654321' : '123456';
    assert.deepEqual(await failure(() => l.stsAs(carol).send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: wrong }))), {
      code: 'AccessDenied',
      status: 403,
      message: MFA_INVALID_SESSION,
    });
    const start = l.wallMs; // Expiration is written in the client's (wall) frame
    const root = await l.sts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.ok(Math.abs((root.Credentials?.Expiration?.getTime() ?? 0) - (start + 3_600_000)) < 2000);
    const identity = await l.stsAs(keysOf(root)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it('GetAccessKeyInfo: our long-term and temporary keys, and a foreign key id decoded as AWS does', async () => {
    assert.equal((await l.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: carol.accessKeyId }))).Account, ACCOUNT);
    const out = await l.sts.send(new GetSessionTokenCommand({}));
    assert.equal((await l.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: out.Credentials?.AccessKeyId ?? '' }))).Account, ACCOUNT);
    // A real key id quoted publicly with the account `aws sts get-access-key-info` gave for it.
    assert.equal((await l.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAVCODYLSA53PQK4ZA' }))).Account, '348839763073');
  });

  it('DecodeAuthorizationMessage: needs sts:DecodeAuthorizationMessage; a message this lab did not encode is refused', async () => {
    assert.deepEqual(await failure(() => l.stsAs(carol).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'abc' }))), {
      code: 'AccessDenied',
      status: 403,
      message: `User: ${carol.arn} is not authorized to perform: sts:DecodeAuthorizationMessage on resource: *`,
    });
    const bad = await failure(() => l.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })));
    assert.equal(bad.code, 'InvalidAuthorizationMessageException');
    assert.equal(bad.status, 400);
  });

  it('DeleteUser refuses while an MFA device is enabled', async () => {
    const dave = await l.user('dave');
    await l.mfa('dave');
    await l.iam.send(new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: dave.accessKeyId }));
    assert.deepEqual((await l.iam.send(new ListAccessKeysCommand({ UserName: 'dave' }))).AccessKeyMetadata, []);
    assert.deepEqual(await failure(() => l.iam.send(new DeleteUserCommand({ UserName: 'dave' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete MFA device first.',
    });
    await l.iam.send(new DeactivateMFADeviceCommand({ UserName: 'dave', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/dave-device` }));
    await l.iam.send(new DeleteUserCommand({ UserName: 'dave' }));
  });

  it('a reset ends every session: the token key is regenerated', async () => {
    const role = await l.role('BeforeReset', trust({ AWS: carol.arn }));
    const session = await l.assume(carol, { RoleArn: role.arn, RoleSessionName: 'old' });
    const response = await fetch(`${l.lab.endpoint}/_iamlab/reset`, { method: 'POST' });
    assert.equal(response.status, 200);
    const root = (await (await fetch(`${l.lab.endpoint}/_iamlab/credentials/root`)).json()) as { accessKeyId: string; secretAccessKey: string };
    assert.equal(root.accessKeyId, l.root.accessKeyId);
    assert.deepEqual(await failure(() => l.stsAs(session).send(new GetCallerIdentityCommand({}))), INVALID_TOKEN);
    // The lab still issues and honours new sessions under the new key.
    const user = await l.user('after-reset');
    const again = await l.role('AfterReset', trust({ AWS: user.arn }));
    const fresh = await l.stsAs(user).send(new AssumeRoleCommand({ RoleArn: again.arn, RoleSessionName: 'new' }));
    await l.stsAs(keysOf(fresh)).send(new GetCallerIdentityCommand({}));
  });
});
