/** checkSkew (wall clock, header auth) and checkPresignedWindow (virtual clock, presigned URLs): §1.9, §5.4, §6.5. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPresignedWindow, checkSkew, parseAmzDate } from '../../src/auth/sigv4/index.js';

const at = (basic: string): number => {
  const ms = parseAmzDate(basic);
  assert.ok(ms !== undefined, basic);
  return ms;
};
const MIN = 60_000;

test('a signature 15 min or less either side of now is current, boundaries included', () => {
  const now = at('20160610T014508Z');
  for (const offset of [0, -15 * MIN, 15 * MIN, -MIN, MIN]) assert.deepEqual(checkSkew(now + offset, now), { kind: 'ok' });
});

test("expired: AWS's exact text (the §1.9 example, devsecops/bootcamp#101)", () => {
  assert.deepEqual(checkSkew(at('20160609T184512Z'), at('20160610T014508Z')), {
    kind: 'expired',
    message: 'Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)',
  });
});

test('expired one second past the limit', () => {
  const now = at('20160610T014508Z');
  const result = checkSkew(now - 15 * MIN - 1000, now);
  assert.equal(result.kind, 'expired');
});

test('not yet current: signed more than 15 min in the future', () => {
  assert.deepEqual(checkSkew(at('20160610T020009Z'), at('20160610T014508Z')), {
    kind: 'not-yet-valid',
    message: 'Signature not yet current: 20160610T020009Z is still later than 20160610T020008Z (20160610T014508Z + 15 min.)',
  });
});

test('the allowance is a parameter and the message names it (serverless/enterprise#11 shows 5 min.)', () => {
  assert.deepEqual(checkSkew(at('20160610T015009Z'), at('20160610T014508Z'), 5 * MIN), {
    kind: 'not-yet-valid',
    message: 'Signature not yet current: 20160610T015009Z is still later than 20160610T015008Z (20160610T014508Z + 5 min.)',
  });
});

test('the wall clock milliseconds do not leak into the message (basic format has whole seconds)', () => {
  const result = checkSkew(at('20160609T184512Z'), at('20160610T014508Z') + 999);
  assert.equal(
    result.kind === 'expired' && result.message,
    'Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)',
  );
});

test('presigned window: valid from start − skew to start + X-Amz-Expires, inclusive', () => {
  const start = at('20150830T123600Z');
  assert.deepEqual(checkPresignedWindow(start, 3600, start + 3600_000), { kind: 'ok', expiresAtMs: start + 3600_000 });
  assert.deepEqual(checkPresignedWindow(start, 3600, start + 3600_001), {
    kind: 'expired',
    expiresAtMs: start + 3600_000,
    message: 'Request has expired',
  });
  assert.equal(checkPresignedWindow(start, 3600, start - 15 * MIN).kind, 'ok');
  assert.deepEqual(checkPresignedWindow(start, 3600, start - 15 * MIN - 1), {
    kind: 'not-yet-valid',
    expiresAtMs: start + 3600_000,
    message: 'Request is not yet valid',
  });
  assert.equal(checkPresignedWindow(start, 0, start + 1).kind, 'expired');
});
