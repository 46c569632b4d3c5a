/**
 * AssumeRoot in a standalone account (aws-federation.md §7.1): no organization, so no caller may take root
 * credentials for any account — the caller's policies are evaluated as usual, and even a caller they allow
 * gets AccessDenied naming the target account's root.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRootCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, allow, failure, OTHER_ACCOUNT, policy, StsLab } from './sts-lab.js';

const TASK_POLICY = { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' };

describe('AssumeRoot', () => {
  let l: StsLab;
  before(async () => {
    l = await StsLab.start();
  });
  after(async () => l.dispose());

  it('refuses root, and a user whose policies allow sts:AssumeRoot, naming the target account’s root', async () => {
    const admin = await l.user('root-admin', policy(allow('sts:AssumeRoot')));
    for (const keys of [l.root, admin]) {
      const refused = await failure(() => l.stsAs(keys).send(new AssumeRootCommand({ TargetPrincipal: OTHER_ACCOUNT, TaskPolicyArn: TASK_POLICY })));
      const caller = keys === admin ? admin.arn : `arn:aws:iam::${ACCOUNT}:root`;
      assert.deepEqual(refused, {
        code: 'AccessDenied',
        status: 403,
        message: `User: ${caller} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${OTHER_ACCOUNT}:root`,
      });
    }
  });

  it('a user without the permission is refused by its policies, in the same words', async () => {
    const nobody = await l.user('nobody');
    const refused = await failure(() =>
      l.stsAs(nobody).send(new AssumeRootCommand({ TargetPrincipal: `arn:aws:iam::${OTHER_ACCOUNT}:root`, TaskPolicyArn: TASK_POLICY })),
    );
    assert.equal(refused.code, 'AccessDenied');
    assert.match(
      refused.message,
      new RegExp(`^User: ${nobody.arn} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${OTHER_ACCOUNT}:root`),
    );
  });
});
