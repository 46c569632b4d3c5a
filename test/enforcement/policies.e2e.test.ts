/**
 * Policy enforcement on every IAM call (aws-behaviour.md §7): identity policies with conditions
 * (aws:SourceIp, aws:CurrentTime), permissions boundaries, explicit deny, iam:PassRole as an extra check,
 * AWS's AccessDenied text in both styles, and the decision record the audit trail keeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutUserPermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, allow, deny, failure, policy, StsLab, trust } from '../sts/sts-lab.js';

const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:user/${name}`;

describe('policy enforcement on IAM calls', () => {
  let l: StsLab;

  before(async () => {
    l = await StsLab.start();
    await l.role('Target', trust({ Service: 'ec2.amazonaws.com' }));
    await l.role('Other', trust({ Service: 'ec2.amazonaws.com' }));
  });
  after(async () => {
    await l.dispose();
  });

  it("a user with no policy is denied with AWS's classic text; GetCallerIdentity still works", async () => {
    const nobody = await l.user('nobody');
    assert.deepEqual(await failure(() => l.iamAs(nobody).send(new GetRoleCommand({ RoleName: 'Target' }))), {
      code: 'AccessDenied',
      status: 403,
      message: `User: ${userArn('nobody')} is not authorized to perform: iam:GetRole on resource: ${roleArn('Target')}`,
    });
    assert.equal((await l.stsAs(nobody).send(new GetCallerIdentityCommand({}))).Arn, userArn('nobody'));
  });

  it('an allow on one resource allows that resource only', async () => {
    const one = await l.user('one-role', policy(allow('iam:GetRole', roleArn('Target'))));
    assert.equal((await l.iamAs(one).send(new GetRoleCommand({ RoleName: 'Target' }))).Role?.RoleName, 'Target');
    assert.equal((await failure(() => l.iamAs(one).send(new GetRoleCommand({ RoleName: 'Other' })))).code, 'AccessDenied');
  });

  it('aws:SourceIp: the loopback client matches 127.0.0.1/32 and not 10.0.0.0/8', async () => {
    const local = await l.user('from-local', policy(allow('iam:GetRole', '*', { Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } })));
    await l.iamAs(local).send(new GetRoleCommand({ RoleName: 'Target' }));
    const corp = await l.user('from-corp', policy(allow('iam:GetRole', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })));
    assert.equal((await failure(() => l.iamAs(corp).send(new GetRoleCommand({ RoleName: 'Target' })))).code, 'AccessDenied');
    const blocked = await l.user(
      'blocked',
      policy(allow('iam:GetRole'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    );
    assert.equal((await failure(() => l.iamAs(blocked).send(new GetRoleCommand({ RoleName: 'Target' })))).code, 'AccessDenied');
  });

  it('aws:CurrentTime follows the virtual clock', async () => {
    const cutoff = new Date(l.lab.clock.now() + 3_600_000).toISOString();
    const timed = await l.user('timed', policy(allow('iam:GetRole', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': cutoff } } })));
    await l.iamAs(timed).send(new GetRoleCommand({ RoleName: 'Target' }));
    l.lab.clock.advance(3_600_001);
    assert.equal((await failure(() => l.iamAs(timed).send(new GetRoleCommand({ RoleName: 'Target' })))).code, 'AccessDenied');
  });

  it('a permissions boundary limits what identity policies allow', async () => {
    const bounded = await l.user('bounded', policy(allow('iam:*')));
    const { Policy } = await l.iam.send(new CreatePolicyCommand({ PolicyName: 'GetOnly', PolicyDocument: policy(allow('iam:Get*')) }));
    await l.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: Policy?.Arn ?? '' }));
    await l.iamAs(bounded).send(new GetRoleCommand({ RoleName: 'Target' }));
    assert.deepEqual(await failure(() => l.iamAs(bounded).send(new ListRolesCommand({}))), {
      code: 'AccessDenied',
      status: 403,
      message: `User: ${userArn('bounded')} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${ACCOUNT}:role/`,
    });
  });

  it('an explicit deny wins over an allow', async () => {
    const careful = await l.user('careful', policy(allow('iam:*'), deny('iam:DeleteRole', roleArn('Target'))));
    assert.deepEqual(await failure(() => l.iamAs(careful).send(new DeleteRoleCommand({ RoleName: 'Target' }))), {
      code: 'AccessDenied',
      status: 403,
      message: `User: ${userArn('careful')} is not authorized to perform: iam:DeleteRole on resource: ${roleArn('Target')}`,
    });
  });

  it('AddRoleToInstanceProfile also needs iam:PassRole on the role', async () => {
    await l.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Profile' }));
    const noPass = await l.user('no-pass', policy(allow('iam:AddRoleToInstanceProfile')));
    assert.deepEqual(
      await failure(() => l.iamAs(noPass).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Profile', RoleName: 'Target' }))),
      {
        code: 'AccessDenied',
        status: 403,
        message: `User: ${userArn('no-pass')} is not authorized to perform: iam:PassRole on resource: ${roleArn('Target')}`,
      },
    );
    const passer = await l.user('passer', policy(allow(['iam:AddRoleToInstanceProfile', 'iam:PassRole'])));
    await l.iamAs(passer).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Profile', RoleName: 'Target' }));
  });

  it('the audit record carries the decision, what decided it, and the evaluator trace', async () => {
    const careful = await l.user('audited', policy(allow('iam:GetRole'), { Sid: 'NoOther', ...deny('iam:GetRole', roleArn('Other')) }));
    await l.iamAs(careful).send(new GetRoleCommand({ RoleName: 'Target' }));
    let requestId = '';
    try {
      await l.iamAs(careful).send(new GetRoleCommand({ RoleName: 'Other' }));
    } catch (error) {
      requestId = (error as { $metadata: { requestId: string } }).$metadata.requestId;
    }
    const response = await fetch(`${l.lab.endpoint}/_iamlab/events?request-id=${requestId}`);
    const { events } = (await response.json()) as {
      events: { decision: string; decidedBy: string; explanation: { decision: string; trace: unknown[] }[] }[];
    };
    const event = events[0];
    assert.equal(event?.decision, 'ExplicitlyDenied');
    assert.match(event?.decidedBy ?? '', /explicitly denied by statement 1 \(`NoOther`\) of identity policy `inline`/);
    assert.equal(event?.explanation[0]?.decision, 'ExplicitlyDenied');
    assert.ok((event?.explanation[0]?.trace.length ?? 0) >= 2);
  });
});

describe('policy enforcement with IAMLAB_ACCESS_DENIED_STYLE=contextual', () => {
  let l: StsLab;

  before(async () => {
    l = await StsLab.start({ env: { IAMLAB_ACCESS_DENIED_STYLE: 'contextual' } });
    await l.role('Target', trust({ Service: 'ec2.amazonaws.com' }));
  });
  after(async () => {
    await l.dispose();
  });

  it('the denial says why: no identity-based policy allows, an explicit deny, the trust policy', async () => {
    const nobody = await l.user('nobody');
    assert.equal(
      (await failure(() => l.iamAs(nobody).send(new GetRoleCommand({ RoleName: 'Target' })))).message,
      `User: ${userArn('nobody')} is not authorized to perform: iam:GetRole on resource: ${roleArn('Target')} because no identity-based policy allows the iam:GetRole action`,
    );
    const careful = await l.user('careful', policy(allow('iam:*'), deny('iam:GetRole')));
    assert.equal(
      (await failure(() => l.iamAs(careful).send(new GetRoleCommand({ RoleName: 'Target' })))).message,
      `User: ${userArn('careful')} is not authorized to perform: iam:GetRole on resource: ${roleArn('Target')} with an explicit deny in an identity-based policy`,
    );
    assert.deepEqual(await failure(() => l.assume(careful, { RoleArn: roleArn('Target'), RoleSessionName: 'nope' })), {
      code: 'AccessDenied',
      status: 403,
      message: `User: ${userArn('careful')} is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action`,
    });
  });
});
