/**
 * CloudTrail's JSON 1.1 envelope on the wire of a running lab (aws-behaviour.md §13.2): the answer's headers, an
 * unsigned request routed by its target and refused in the JSON family's words, an unknown key, a malformed body,
 * and a Date AWS's answers always carry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedPost } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET };

describe('CloudTrail on the wire', () => {
  let lab: TestLab;
  before(async () => {
    lab = await startTestLab();
  });
  after(async () => {
    await lab.dispose();
  });

  const post = (body: string, headers: Record<string, string> = JSON_HEADERS, secret?: string): ReturnType<typeof signedPost> =>
    signedPost({
      endpoint: lab.endpoint,
      service: 'cloudtrail',
      accessKeyId: lab.rootAccessKeyId,
      secretAccessKey: secret ?? lab.rootSecretAccessKey,
      body,
      headers,
    });

  it('answers a signed LookupEvents with application/x-amz-json-1.1, x-amzn-RequestId and Date', async () => {
    const response = await post('{"MaxResults":1}');
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(response.headers.get('date') !== null);
    assert.deepEqual(Object.keys(JSON.parse(response.text) as object), ['Events']);
  });

  it('refuses an unsigned request in the JSON envelope, routed by its target', async () => {
    const response = await fetch(lab.endpoint, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(await response.json(), { __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
  });

  it('answers a wrong secret InvalidSignatureException, a bad body SerializationException, an unknown target UnknownOperationException', async () => {
    const wrong = await post('{}', JSON_HEADERS, 'x'.repeat(40));
    assert.equal(wrong.status, 400);
    assert.equal((JSON.parse(wrong.text) as { __type: string }).__type, 'InvalidSignatureException');
    const bad = await post('{"MaxResults":');
    assert.deepEqual([bad.status, JSON.parse(bad.text)], [400, { __type: 'SerializationException' }]);
    const unknown = await post('{}', { ...JSON_HEADERS, 'x-amz-target': 'CloudTrail_20131101.CreateTrail' });
    assert.deepEqual([unknown.status, JSON.parse(unknown.text)], [400, { __type: 'UnknownOperationException' }]);
    const invalid = await post('{"StartTime":2,"EndTime":1}');
    assert.equal(invalid.status, 400);
    assert.equal((JSON.parse(invalid.text) as { __type: string }).__type, 'InvalidTimeRangeException');
  });
});
