/**
 * The real AWS CLI (and boto3) against the lab: one test per major flow — assume-role with
 * --duration-seconds, with --serial-number/--token-code, and a session that expired on the virtual clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsCliVersion, boto3, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { ACCOUNT, StsLab, trust } from './sts-lab.js';
import type { Keys, MfaDevice } from './sts-lab.js';

interface CliCredentials {
  Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
}

const keysOf = (out: CliCredentials): Keys => ({
  accessKeyId: out.Credentials.AccessKeyId,
  secretAccessKey: out.Credentials.SecretAccessKey,
  sessionToken: out.Credentials.SessionToken,
});

describe('STS with the AWS CLI and boto3', () => {
  let l: StsLab;
  let frank: Keys & { arn: string };
  let device: MfaDevice;
  let roleArn: string;
  let mfaRoleArn: string;

  before(async () => {
    l = await StsLab.start();
    frank = await l.user('frank');
    device = await l.mfa('frank');
    roleArn = (await l.role('CliRole', trust({ AWS: frank.arn }), { MaxSessionDuration: 7200 })).arn;
    mfaRoleArn = (await l.role('CliMfaRole', trust({ AWS: frank.arn }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))).arn;
  });
  after(async () => {
    await l.dispose();
  });

  it('aws sts assume-role --duration-seconds: credentials that work, Expiration as asked', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const result = await awsCli(l.lab.endpoint, frank, [
      'sts',
      'assume-role',
      '--role-arn',
      roleArn,
      '--role-session-name',
      'cli',
      '--duration-seconds',
      '7200',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as CliCredentials;
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/CliRole/cli`);
    assert.ok(Math.abs(Date.parse(out.Credentials.Expiration) - (l.wallMs + 7_200_000)) < 5000);
    const who = await awsCli(l.lab.endpoint, keysOf(out), ['sts', 'get-caller-identity']);
    assert.equal(who.code, 0, who.stderr);
    assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/CliRole/cli`);
    const tooLong = await awsCli(l.lab.endpoint, frank, [
      'sts',
      'assume-role',
      '--role-arn',
      roleArn,
      '--role-session-name',
      'cli',
      '--duration-seconds',
      '7201',
    ]);
    assert.notEqual(tooLong.code, 0);
    assert.match(
      tooLong.stderr,
      /An error occurred \(ValidationError\) when calling the AssumeRole operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role\./,
    );
  });

  it('aws sts assume-role --serial-number --token-code satisfies an MFA trust condition; a reused code fails', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const denied = await awsCli(l.lab.endpoint, frank, ['sts', 'assume-role', '--role-arn', mfaRoleArn, '--role-session-name', 'nomfa']);
    assert.notEqual(denied.code, 0);
    assert.match(
      denied.stderr,
      /\(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user\/frank is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/CliMfaRole/,
    );
    l.tick();
    const code = device.code();
    const args = [
      'sts',
      'assume-role',
      '--role-arn',
      mfaRoleArn,
      '--role-session-name',
      'mfa',
      '--serial-number',
      device.serialNumber,
      '--token-code',
      code,
    ];
    const ok = await awsCli(l.lab.endpoint, frank, args);
    assert.equal(ok.code, 0, ok.stderr);
    const reused = await awsCli(l.lab.endpoint, frank, args);
    assert.notEqual(reused.code, 0);
    assert.match(
      reused.stderr,
      /\(AccessDenied\) when calling the AssumeRole operation: MultiFactorAuthentication failed with invalid MFA one time pass code\./,
    );
  });

  it('a session expired on the virtual clock: ExpiredToken from the CLI', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const result = await awsCli(l.lab.endpoint, frank, [
      'sts',
      'assume-role',
      '--role-arn',
      roleArn,
      '--role-session-name',
      'brief',
      '--duration-seconds',
      '900',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const session = keysOf(JSON.parse(result.stdout) as CliCredentials);
    l.lab.clock.advance(901_000);
    const expired = await awsCli(l.lab.endpoint, session, ['iam', 'list-roles']);
    assert.notEqual(expired.code, 0);
    assert.match(
      expired.stderr,
      /An error occurred \(ExpiredToken\) when calling the ListRoles operation: The security token included in the request is expired/,
    );
  });

  it('boto3 assumes a role and uses the session', async (t) => {
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const result = await boto3(
      python,
      l.lab.endpoint,
      frank,
      [
        'import boto3, json',
        "sts = boto3.client('sts', endpoint_url=ENDPOINT, region_name='us-east-1')",
        `c = sts.assume_role(RoleArn=${JSON.stringify(roleArn)}, RoleSessionName='py')['Credentials']`,
        "s = boto3.client('sts', endpoint_url=ENDPOINT, region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])",
        "print(json.dumps(s.get_caller_identity()['Arn']))",
      ].join('\n'),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), `arn:aws:sts::${ACCOUNT}:assumed-role/CliRole/py`);
  });
});
