import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy } from '../../src/policy/validate/index.js';
import { loadRecordedVectors, loadVectors, pythonJsonDumps } from './vectors.js';

const vectors = loadVectors();
const recorded = loadRecordedVectors();

describe('recorded IAM validation cases (PutUserPolicy/CreatePolicy, so kind identity)', () => {
  it('has the 78 invalid and 54 valid documents', () => {
    assert.equal(vectors.invalid.length, 78);
    assert.equal(vectors.valid.length, 54);
  });

  it('are the documents AWS answered, index for index; AWS corrects moto on #29 and #35 only', () => {
    assert.deepEqual(
      recorded.invalid.map((r) => r.document),
      vectors.invalid.map((c) => c.document),
    );
    const differing = recorded.invalid.flatMap((r, i) => (r.message === vectors.invalid[i]?.error.message ? [] : [r.case]));
    // 55 and 56 differ only by LocalStack's masking, restored in the vectors file (SOURCES.md)
    assert.deepEqual(differing, ['invalid-29', 'invalid-35']);
  });

  vectors.invalid.forEach((moto, i) => {
    // AWS's recorded answer where there is one, moto's otherwise (all 78 are recorded)
    const c = { ...moto, error: { code: recorded.invalid[i]?.code ?? moto.error.code, message: recorded.invalid[i]?.message ?? moto.error.message } };
    it(`invalid #${i} is rejected with "${c.error.message}"`, () => {
      for (const text of [pythonJsonDumps(c.document), JSON.stringify(c.document), JSON.stringify(c.document, null, 2)]) {
        const result = parsePolicy(text, 'identity');
        assert.equal(result.kind === 'ok', false, text);
        if (result.kind === 'ok') return;
        assert.equal(result.issues[0]?.message, c.error.message, text);
        assert.equal(result.issues[0]?.code, c.error.code);
        for (const issue of result.issues) assert.equal(issue.code, 'MalformedPolicyDocument');
      }
    });
  });

  vectors.valid.forEach((c, i) => {
    it(`valid #${i} is accepted`, () => {
      for (const text of [pythonJsonDumps(c.document), JSON.stringify(c.document)]) {
        const result = parsePolicy(text, 'identity');
        assert.deepEqual(result.kind === 'ok' ? [] : result.issues, [], text);
      }
    });
  });

  it('also rejects the bare (not JSON-encoded) text of the string case', () => {
    const result = parsePolicy('This is not a json document', 'identity');
    assert.deepEqual(result, { kind: 'error', issues: [{ code: 'MalformedPolicyDocument', message: 'Syntax errors in policy.' }] });
  });

  it('keeps validating past the first problem: every issue is listed, the reported one first', () => {
    // recorded case 18: an action with two colons and a resource that is not an ARN
    const result = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s:3:ListBucket","Resource":"sdfsadf"}}', 'identity');
    assert.equal(result.kind === 'ok', false);
    if (result.kind === 'ok') return;
    assert.deepEqual(
      result.issues.map((i) => [i.message, i.path]),
      [
        ['Resource sdfsadf must be in ARN format or "*".', 'Statement.Resource[0]'],
        ['Actions/Condition can contain only one colon.', 'Statement.Action[0]'],
      ],
    );
  });
});
