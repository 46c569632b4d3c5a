/**
 * SigV2 (and, for contrast, SigV4) presigned URLs made by botocore itself (aws-behaviour.md §5.4) verify,
 * and tampered ones do not. botocore runs at test time through botocore-presign.py with a frozen clock; when
 * python3/botocore is missing the oracle tests are skipped loudly. The fixed vector below was printed by
 * botocore 1.43.11 with the same script, so the SigV2 rules are pinned even without Python.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseSigV2, sigv2AuthPath, sigv2CanonicalResource, verifySigV2 } from '../../src/auth/sigv2/index.js';
import { parseSignature, payloadHashFor, verifySignature } from '../../src/auth/sigv4/index.js';
import type { SignableRequest } from '../../src/auth/sigv4/index.js';
import { repoRoot } from '../support/repo-root.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW_S = 1_700_000_000;

interface PresignCase {
  readonly version: 's3' | 's3v4';
  readonly token: string | null;
  readonly op: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

function botocoreCases(): PresignCase[] | undefined {
  try {
    const out = execFileSync('python3', [join(repoRoot(), 'test/s3-wire/botocore-presign.py'), String(NOW_S)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as PresignCase[];
  } catch (err) {
    console.warn(`\n*** SKIPPING botocore SigV2/SigV4 oracle tests: python3 with botocore is not available (${String(err).split('\n')[0]}) ***\n`);
    return undefined;
  }
}

function requestFor(c: Pick<PresignCase, 'method' | 'url' | 'headers'>): SignableRequest {
  const u = new URL(c.url);
  const rawTarget = c.url.slice(c.url.indexOf('/', 'http://'.length));
  return { method: c.method, rawTarget, headers: [['Host', u.host], ...Object.entries(c.headers)] };
}

function verifyV2(req: SignableRequest, secret = SECRET): boolean {
  const parsed = parseSigV2(req);
  assert.equal(parsed.kind, 'sigv2');
  if (parsed.kind !== 'sigv2') return false;
  const authPath = sigv2AuthPath(req.rawTarget.split('?')[0] as string, undefined);
  return verifySigV2({ request: req, form: parsed.form, signature: parsed.signature, secretAccessKey: secret, authPath }).match;
}

const cases = botocoreCases();

test('botocore SigV2 presigned URLs verify, with and without a session token', { skip: cases === undefined }, () => {
  const v2 = (cases ?? []).filter((c) => c.version === 's3');
  assert.equal(v2.length, 10);
  for (const c of v2) {
    const req = requestFor(c);
    assert.ok(verifyV2(req), `${c.op} ${c.url}`);
    const parsed = parseSigV2(req);
    assert.ok(parsed.kind === 'sigv2' && parsed.expiresEpochSeconds === NOW_S + 900);
    if (c.token !== null) assert.ok(parsed.kind === 'sigv2' && parsed.sessionToken === c.token);
  }
});

test('tampered botocore SigV2 URLs are rejected (key, expiry, token, sub-resource, secret)', { skip: cases === undefined }, () => {
  const withToken = (cases ?? []).find((c) => c.version === 's3' && c.token !== null && c.url.includes('versionId'));
  assert.ok(withToken);
  const tamper = (from: string, to: string): boolean => verifyV2(requestFor({ ...withToken, url: withToken.url.replace(from, to) }));
  assert.ok(!tamper('/b/k?', '/b/k2?'));
  assert.ok(!tamper('Expires=1700000900', 'Expires=1700009999'));
  assert.ok(!tamper('versionId=v1', 'versionId=v2'));
  assert.ok(!tamper('EXAMPLETOKEN', 'EXAMPLETOKEX'));
  assert.ok(!verifyV2(requestFor(withToken), SECRET.replace('K', 'k')));
});

test('botocore SigV4 presigned URLs verify with the SigV4 steps (UNSIGNED-PAYLOAD)', { skip: cases === undefined }, () => {
  for (const c of (cases ?? []).filter((x) => x.version === 's3v4')) {
    const req = requestFor(c);
    const parse = parseSignature(req);
    assert.equal(parse.kind, 'sigv4', c.url);
    if (parse.kind !== 'sigv4') continue;
    assert.equal(parse.parsed.expiresSeconds, 900);
    const outcome = verifySignature(req, parse.parsed, SECRET, payloadHashFor(req, parse.parsed, ''));
    assert.ok(outcome.match, c.url);
  }
});

test('SigV2 fixed vector (printed by botocore 1.43.11) verifies without Python', () => {
  const req = requestFor({
    method: 'GET',
    url: 'http://localhost:4566/b/k?response-content-type=text%2Fplain&versionId=v1&AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=USvEqmlKh1NcJA3qrW6s%2BB2%2Fdoc%3D&Expires=1700000900',
    headers: {},
  });
  assert.ok(verifyV2(req));
});

test('SigV2 canonical resource keeps sub-resources sorted and decoded, drops auth params', () => {
  assert.equal(
    sigv2CanonicalResource('/b/k', 'versionId=v%2F1&AWSAccessKeyId=A&response-content-type=text%2Fplain&acl&prefix=x'),
    '/b/k?acl&response-content-type=text/plain&versionId=v/1',
  );
  assert.equal(sigv2CanonicalResource('/b/k', 'Signature=x&Expires=1'), '/b/k');
});

test('SigV2 header form: Authorization: AWS AKID:sig with Date and x-amz headers', () => {
  // String to sign built by hand from the S3 SigV2 rules; the signature from node:crypto directly.
  const sts = 'PUT\n\ntext/plain\nTue, 14 Nov 2023 22:13:20 GMT\nx-amz-meta-a:1,2\n/b/k';
  const sig = createHmac('sha1', SECRET).update(sts).digest('base64');
  const req: SignableRequest = {
    method: 'PUT',
    rawTarget: '/k',
    headers: [
      ['Host', 'b.localhost:4566'],
      ['Authorization', `AWS AKIAIOSFODNN7EXAMPLE:${sig}`],
      ['Content-Type', 'text/plain'],
      ['Date', 'Tue, 14 Nov 2023 22:13:20 GMT'],
      ['X-Amz-Meta-A', '1'],
      ['x-amz-meta-a', ' 2 '],
    ],
  };
  const parsed = parseSigV2(req);
  assert.ok(parsed.kind === 'sigv2' && parsed.form === 'header' && parsed.accessKeyId === 'AKIAIOSFODNN7EXAMPLE');
  if (parsed.kind !== 'sigv2') return;
  const outcome = verifySigV2({ request: req, form: 'header', signature: parsed.signature, secretAccessKey: SECRET, authPath: '/b/k' });
  assert.equal(outcome.stringToSign, sts);
  assert.ok(outcome.match);
  assert.ok(!verifySigV2({ request: req, form: 'header', signature: parsed.signature, secretAccessKey: SECRET, authPath: '/b/k2' }).match);
});

test('SigV2 auth path names the bucket, with a trailing slash at bucket level', () => {
  assert.equal(sigv2AuthPath('/b', undefined), '/b/');
  assert.equal(sigv2AuthPath('/b/k', undefined), '/b/k');
  assert.equal(sigv2AuthPath('/', 'b'), '/b/');
  assert.equal(sigv2AuthPath('/k/x', 'b'), '/b/k/x');
  assert.equal(sigv2AuthPath('/', undefined), '/');
});

test('SigV2 query without Expires is a problem, not a verification', () => {
  const parsed = parseSigV2({ method: 'GET', rawTarget: '/b/k?AWSAccessKeyId=A&Signature=x', headers: [] });
  assert.equal(parsed.kind, 'problem');
  assert.equal(parseSigV2({ method: 'GET', rawTarget: '/b/k', headers: [] }).kind, 'not-sigv2');
});
