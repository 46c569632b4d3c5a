/**
 * aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge on requests (aws-behaviour.md §1.8): GetSessionToken
 * sessions made with MFA carry it, aging on the virtual clock; role sessions carry it only under
 * IAMLAB_ROLE_SESSION_MFA=carried (the documented default: they do not).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { allow, failure, policy, StsLab, trust } from '../sts/sts-lab.js';
import type { Keys, MfaDevice } from '../sts/sts-lab.js';

const MFA_ONLY = policy(allow('iam:GetRole', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));

async function world(l: StsLab): Promise<{ user: Keys & { arn: string }; device: MfaDevice; roleArn: string }> {
  const user = await l.user('gina', policy(allow('iam:GetRole', '*', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })));
  const device = await l.mfa('gina');
  const { arn } = await l.role('MfaGuarded', trust({ AWS: user.arn }));
  await l.iam.send(new PutRolePolicyCommand({ RoleName: 'MfaGuarded', PolicyName: 'mfa-only', PolicyDocument: MFA_ONLY }));
  return { user, device, roleArn: arn };
}

describe('MFA context: documented role-session behaviour (default)', () => {
  let l: StsLab;
  let w: Awaited<ReturnType<typeof world>>;

  before(async () => {
    l = await StsLab.start();
    w = await world(l);
  });
  after(async () => {
    await l.dispose();
  });

  it('a GetSessionToken session made with MFA satisfies aws:MultiFactorAuthAge until it ages past the limit', async () => {
    const out = await l.stsAs(w.user).send(new GetSessionTokenCommand({ SerialNumber: w.device.serialNumber, TokenCode: w.device.code() }));
    const session = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken ?? '',
    };
    await l.iamAs(session).send(new GetRoleCommand({ RoleName: 'MfaGuarded' }));
    l.lab.clock.advance(3_600_000);
    assert.equal((await failure(() => l.iamAs(session).send(new GetRoleCommand({ RoleName: 'MfaGuarded' })))).code, 'AccessDenied');
    // Long-term keys carry no MFA keys at all: the numeric condition fails on the missing key.
    assert.equal((await failure(() => l.iamAs(w.user).send(new GetRoleCommand({ RoleName: 'MfaGuarded' })))).code, 'AccessDenied');
  });

  it('a role session assumed with MFA does not carry it (IAM user guide; aws-sdk-java-v2#2554)', async () => {
    l.tick();
    const session = await l.assume(w.user, {
      RoleArn: w.roleArn,
      RoleSessionName: 'withmfa',
      SerialNumber: w.device.serialNumber,
      TokenCode: w.device.code(),
    });
    assert.equal((await failure(() => l.iamAs(session).send(new GetRoleCommand({ RoleName: 'MfaGuarded' })))).code, 'AccessDenied');
  });
});

describe('MFA context: IAMLAB_ROLE_SESSION_MFA=carried', () => {
  let l: StsLab;
  let w: Awaited<ReturnType<typeof world>>;

  before(async () => {
    l = await StsLab.start({ env: { IAMLAB_ROLE_SESSION_MFA: 'carried' } });
    w = await world(l);
  });
  after(async () => {
    await l.dispose();
  });

  it('a role session assumed with MFA carries it; one assumed without does not', async () => {
    const session = await l.assume(w.user, {
      RoleArn: w.roleArn,
      RoleSessionName: 'withmfa',
      SerialNumber: w.device.serialNumber,
      TokenCode: w.device.code(),
    });
    assert.equal((await l.iamAs(session).send(new GetRoleCommand({ RoleName: 'MfaGuarded' }))).Role?.RoleName, 'MfaGuarded');
    const plain = await l.assume(w.user, { RoleArn: w.roleArn, RoleSessionName: 'plain' });
    assert.equal((await failure(() => l.iamAs(plain).send(new GetRoleCommand({ RoleName: 'MfaGuarded' })))).code, 'AccessDenied');
  });
});
