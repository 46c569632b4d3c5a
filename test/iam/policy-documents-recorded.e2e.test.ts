/**
 * Every policy document LocalStack recorded against real AWS (test_iam_policies.py, TestPolicyDocumentValidity,
 * February 2026; test/vectors/policy-validation/SOURCES.md; aws-behaviour.md §10.11), replayed through the lab's
 * gateway: each invalid one must fail with the recorded status, code and message, each valid one must be created.
 * CreatePolicy is the recorded operation. The other operations that take an identity policy (PutUserPolicy,
 * PutRolePolicy, PutGroupPolicy, CreatePolicyVersion) are expected to answer alike: an inference, not a
 * recording (§10.11 [U]), which keeps the lab's handlers on one validator.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteUserPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { repoRoot } from '../support/repo-root.js';
import { pythonJsonDumps } from '../policy-validate/vectors.js';
import { ALLOW_S3_READ, failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

interface Recorded {
  readonly invalid: readonly {
    readonly case: string;
    readonly document: unknown;
    readonly status: number;
    readonly code: string;
    readonly message: string;
  }[];
  readonly valid: readonly { readonly case: string; readonly document: unknown }[];
}

const recorded = JSON.parse(readFileSync(join(repoRoot(), 'test', 'vectors', 'policy-validation', 'localstack-recorded.json'), 'utf8')) as Recorded;

/** As LocalStack sent it: `json.dumps(document)` for objects, the string case as bare text. */
const wire = (document: unknown): string => (typeof document === 'string' ? document : pythonJsonDumps(document));

describe('policy documents recorded from AWS (CreatePolicy, LocalStack, February 2026)', () => {
  let l: IamLab;
  let policyArn = '';
  before(async () => {
    l = await startIamLab();
    await l.iam.send(new CreateUserCommand({ UserName: 'policy-holder' }));
    await l.iam.send(new CreateRoleCommand({ RoleName: 'policy-holder', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new CreateGroupCommand({ GroupName: 'policy-holder' }));
    const policy = await l.iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: ALLOW_S3_READ }));
    policyArn = policy.Policy?.Arn ?? '';
  });
  after(async () => {
    await l.dispose();
  });

  it('has the 78 invalid and 51 valid recorded documents', () => {
    assert.equal(recorded.invalid.length, 78);
    assert.equal(recorded.valid.length, 51);
  });

  for (const c of recorded.invalid) {
    it(`${c.case}: ${c.code} "${c.message}"`, async () => {
      const text = wire(c.document);
      const expected = { code: c.code, status: c.status, message: c.message };
      const created = await failure(() => l.iam.send(new CreatePolicyCommand({ PolicyName: `p-${c.case}`, PolicyDocument: text })));
      assert.deepEqual(created, expected, `CreatePolicy ${text}`);
    });

    it(`${c.case}: the same through PutUserPolicy, PutRolePolicy, PutGroupPolicy and CreatePolicyVersion`, async () => {
      const text = wire(c.document);
      const expected = { code: c.code, status: c.status, message: c.message };
      const inline = { PolicyName: c.case, PolicyDocument: text };
      const calls: readonly (readonly [string, () => Promise<unknown>])[] = [
        ['PutUserPolicy', () => l.iam.send(new PutUserPolicyCommand({ UserName: 'policy-holder', ...inline }))],
        ['PutRolePolicy', () => l.iam.send(new PutRolePolicyCommand({ RoleName: 'policy-holder', ...inline }))],
        ['PutGroupPolicy', () => l.iam.send(new PutGroupPolicyCommand({ GroupName: 'policy-holder', ...inline }))],
        ['CreatePolicyVersion', () => l.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: text }))],
      ];
      for (const [operation, call] of calls) assert.deepEqual(await failure(call), expected, `${operation} ${text}`);
    });
  }

  for (const c of recorded.valid) {
    it(`${c.case} is accepted`, async () => {
      const out = await l.iam.send(new CreatePolicyCommand({ PolicyName: `p-${c.case}`, PolicyDocument: wire(c.document) }));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.equal(out.Policy?.DefaultVersionId, 'v1');
      await l.iam.send(new DeletePolicyCommand({ PolicyArn: out.Policy?.Arn }));
      await l.iam.send(new PutUserPolicyCommand({ UserName: 'policy-holder', PolicyName: c.case, PolicyDocument: wire(c.document) }));
      await l.iam.send(new DeleteUserPolicyCommand({ UserName: 'policy-holder', PolicyName: c.case }));
    });
  }
});
