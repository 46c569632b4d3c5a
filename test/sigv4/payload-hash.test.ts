/** Which payload hash goes into the canonical request: the body's own for every service but S3. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { payloadHashFor } from '../../src/auth/sigv4/index.js';
import type { ParsedSigV4, SignableRequest } from '../../src/auth/sigv4/index.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function parsed(service: string, form: 'header' | 'query'): ParsedSigV4 {
  return {
    form,
    accessKeyId: 'AKIDEXAMPLE',
    scope: { date: '20150830', region: 'us-east-1', service },
    amzDate: '20150830T123600Z',
    signedAtMs: Date.parse('2015-08-30T12:36:00Z'),
    signedHeaders: ['host', 'x-amz-content-sha256'],
    signature: '0'.repeat(64),
  };
}

const claiming = (hash: string, target = '/'): SignableRequest => ({
  method: 'POST',
  rawTarget: target,
  headers: [
    ['Host', 'example.amazonaws.com'],
    ['x-amz-content-sha256', hash],
  ],
});

describe('payloadHashFor', () => {
  it('non-S3 services hash the body received, whatever x-amz-content-sha256 claims', () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const request = claiming(sha('Action=DeleteRole&RoleName=admin'));
    assert.equal(payloadHashFor(request, parsed('sts', 'header'), sha(body)), sha(body));
    assert.equal(payloadHashFor(request, parsed('iam', 'query'), sha('')), sha(''));
  });

  it('S3 header auth uses the header (its hex value is checked against the body separately)', () => {
    assert.equal(payloadHashFor(claiming('UNSIGNED-PAYLOAD'), parsed('s3', 'header'), sha('x')), 'UNSIGNED-PAYLOAD');
  });

  it('S3 presigned URLs are UNSIGNED-PAYLOAD unless the URL names a hash', () => {
    assert.equal(payloadHashFor(claiming('ignored'), parsed('s3', 'query'), sha('')), 'UNSIGNED-PAYLOAD');
    const named = claiming('ignored', '/b/k?X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&x-id=GetObject');
    assert.equal(payloadHashFor(named, parsed('s3', 'query'), sha('')), 'UNSIGNED-PAYLOAD');
  });
});
