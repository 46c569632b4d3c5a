/**
 * EC2's own answers to credential failures (aws-behaviour.md §3.4): `AuthFailure` for keys it does not know,
 * `RequestExpired` for expired sessions, and `UnauthorizedOperation` with an encoded message that
 * `sts decode-authorization-message` turns back into the decision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import type { Ec2Lab } from './ec2-lab.js';
import { failure, startEc2Lab } from './ec2-lab.js';

let lab: Ec2Lab;
before(async () => {
  lab = await startEc2Lab();
});
after(async () => lab.dispose());

describe('EC2 credential errors', () => {
  it('an unknown key: 401 AuthFailure', async () => {
    const stranger = lab.ec2Client({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) });
    assert.deepEqual(await failure(() => stranger.send(new DescribeInstancesCommand({}))), {
      code: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    });
  });

  it('an expired session: 400 RequestExpired (EC2 does not say ExpiredToken)', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
    });
    await lab.iam.send(new CreateRoleCommand({ RoleName: 'viewer', AssumeRolePolicyDocument: trust }));
    await lab.iam.send(rolePolicy('viewer', { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }));
    await lab.iam.send(new CreateUserCommand({ UserName: 'ops' }));
    await lab.iam.send(
      new PutUserPolicyCommand({
        UserName: 'ops',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
      }),
    );
    const key = (await lab.iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey;
    const ops = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
    const { Credentials } = await lab
      .stsClient(ops)
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/viewer', RoleSessionName: 'ops-session', DurationSeconds: 900 }));
    const session = lab.ec2Client({
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    });
    await session.send(new DescribeInstancesCommand({}));
    lab.clock.advance(16 * 60_000);
    assert.deepEqual(await failure(() => session.send(new DescribeInstancesCommand({}))), {
      code: 'RequestExpired',
      status: 400,
      message: 'Request has expired.',
    });
  });

  it('UnauthorizedOperation carries an encoded message that DecodeAuthorizationMessage decodes', async () => {
    await lab.iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const key = (await lab.iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey;
    const nobody = lab.ec2Client({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    const denied = await failure(() => nobody.send(new DescribeInstancesCommand({})));
    assert.equal(denied.code, 'UnauthorizedOperation');
    const encoded = / Encoded authorization failure message: (\S+)$/.exec(denied.message)?.[1];
    assert.ok(encoded !== undefined, denied.message);
    const { DecodedMessage } = await lab.stsClient(lab.root).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const decoded = JSON.parse(DecodedMessage ?? '{}') as { allowed: boolean; context: { action: string; principal: { arn: string } } };
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.context.action, 'ec2:DescribeInstances');
    assert.equal(decoded.context.principal.arn, 'arn:aws:iam::123456789012:user/nobody');
  });
});

function rolePolicy(roleName: string, statement: Record<string, unknown>): PutRolePolicyCommand {
  return new PutRolePolicyCommand({
    RoleName: roleName,
    PolicyName: 'inline',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  });
}
