/**
 * Every operation of IAM's model is answered (issue 17, "a probe that calls every IAM operation of the model"):
 * the lab's IAM binding has a handler for each, and each called by the account's root with no parameters gets
 * one of AWS's own answers — a success, or a 4xx naming the parameter it misses — never `NotImplemented` or a 5xx.
 * The operations' answers to real input are held by their own tests (test/iam/*.e2e.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { iamModel } from '../../src/protocol/models/iam.js';
import { signedPost } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const OPERATIONS = Object.keys(iamModel.operations);

describe('every IAM operation of the model', () => {
  let lab: TestLab;
  before(async () => {
    lab = await startTestLab();
  });
  after(async () => lab.dispose());

  it('has a handler in the lab', () => {
    assert.equal(OPERATIONS.length, 176);
    const served = new Set(lab.parts.gateway.operationNames('iam'));
    assert.deepEqual(
      OPERATIONS.filter((name) => !served.has(name)),
      [],
    );
  });

  it('answers each called without parameters with AWS’s success or client error, never NotImplemented or a 5xx', async () => {
    const wrong: string[] = [];
    for (const operation of OPERATIONS) {
      const { status, text } = await signedPost({
        endpoint: lab.endpoint,
        service: 'iam',
        accessKeyId: lab.rootAccessKeyId,
        secretAccessKey: lab.rootSecretAccessKey,
        body: `Action=${operation}&Version=2010-05-08`,
      });
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
      if (status >= 500 || code === 'NotImplemented' || code === 'InvalidAction') wrong.push(`${operation}: ${status} ${code ?? ''}`);
    }
    assert.deepEqual(wrong, []);
  });
});
