/**
 * Revoking older sessions (aws-behaviour.md §2.6): the console's inline role policy `AWSRevokeOlderSessions`
 * denies everything to sessions whose `aws:TokenIssueTime` is before its timestamp. It is just a policy: older
 * sessions are cut off, newer ones work, deleting it restores access. All three spellings seen in the wild.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteRolePolicyCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ACCOUNT, allow, failure, policy, StsLab, trust } from '../sts/sts-lab.js';
import type { Keys } from '../sts/sts-lab.js';

const SPELLINGS: readonly { readonly name: string; readonly document: (cutoff: Date) => string }[] = [
  {
    name: 'console form: Statement array, ["*"] values, milliseconds',
    document: (cutoff) =>
      policy({ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff.toISOString() } } }),
  },
  {
    name: 'IAM guide form: a bare Statement object, "*" strings, whole seconds',
    document: (cutoff) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': `${cutoff.toISOString().slice(0, 19)}Z` } },
        },
      }),
  },
  {
    name: 'mixed form: Statement array, "*" strings, milliseconds',
    document: (cutoff) =>
      policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff.toISOString() } } }),
  },
];

describe('revoking older role sessions with AWSRevokeOlderSessions', () => {
  let l: StsLab;
  let erin: Keys & { arn: string };

  before(async () => {
    l = await StsLab.start();
    erin = await l.user('erin');
  });
  after(async () => {
    await l.dispose();
  });

  SPELLINGS.forEach((spelling, i) => {
    it(spelling.name, async () => {
      const name = `Revocable${i}`;
      const role = await l.role(name, trust({ AWS: erin.arn }));
      await l.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'read', PolicyDocument: policy(allow('iam:GetRole')) }));
      const old = await l.assume(erin, { RoleArn: role.arn, RoleSessionName: 'old' });
      await l.iamAs(old).send(new GetRoleCommand({ RoleName: name }));

      l.lab.clock.advance(5_000);
      const cutoff = new Date(l.lab.clock.now());
      await l.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: spelling.document(cutoff) }));
      assert.deepEqual(await failure(() => l.iamAs(old).send(new GetRoleCommand({ RoleName: name }))), {
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/${name}/old is not authorized to perform: iam:GetRole on resource: ${role.arn}`,
      });

      l.lab.clock.advance(1_000);
      const fresh = await l.assume(erin, { RoleArn: role.arn, RoleSessionName: 'fresh' });
      assert.equal((await l.iamAs(fresh).send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName, name);

      await l.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'AWSRevokeOlderSessions' }));
      assert.equal((await l.iamAs(old).send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName, name);
    });
  });
});
