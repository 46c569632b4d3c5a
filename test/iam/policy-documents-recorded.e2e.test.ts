/**
 * Every policy document LocalStack recorded against real AWS (test_iam_policies.py, TestPolicyDocumentValidity,
 * February 2026; test/vectors/policy-validation/SOURCES.md; aws-behaviour.md §10.11), replayed through the lab's
 * gateway: each invalid one must fail with the recorded status, code and message, each valid one must be created.
 * CreatePolicy is the recorded operation; PutUserPolicy is replayed too because IAM validates identity policies
 * alike on both (the moto cases were written for both; an inference, not a recording).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreatePolicyCommand, CreateUserCommand, DeletePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { repoRoot } from '../support/repo-root.js';
import { pythonJsonDumps } from '../policy-validate/vectors.js';
import { failure, startIamLab } from './iam-lab.js';
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
  before(async () => {
    l = await startIamLab();
    await l.iam.send(new CreateUserCommand({ UserName: 'policy-holder' }));
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
      const put = await failure(() => l.iam.send(new PutUserPolicyCommand({ UserName: 'policy-holder', PolicyName: c.case, PolicyDocument: text })));
      assert.deepEqual(put, expected, `PutUserPolicy ${text}`);
    });
  }

  for (const c of recorded.valid) {
    it(`${c.case} is accepted`, async () => {
      const out = await l.iam.send(new CreatePolicyCommand({ PolicyName: `p-${c.case}`, PolicyDocument: wire(c.document) }));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.equal(out.Policy?.DefaultVersionId, 'v1');
      await l.iam.send(new DeletePolicyCommand({ PolicyArn: out.Policy?.Arn }));
    });
  }
});
