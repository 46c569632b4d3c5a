/**
 * The S3 request-side rules (aws-behaviour.md §5.1, §5.4, §5.5, §7.6; design.md "Time") with an injected
 * Clock: presigned windows on the virtual clock, URL expiry reported before session expiry, X-Amz-Expires
 * bounds, SigV2 Expires, routing to S3, and the s3: context keys.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignature } from '../../src/auth/sigv4/index.js';
import type { SignableRequest } from '../../src/auth/sigv4/index.js';
import { Clock } from '../../src/clock/clock.js';
import { authError } from '../../src/errors/auth-errors.js';
import { checkSigV2Presigned, checkSigV4Presigned, isS3Request, s3ContextKeys } from '../../src/server/s3/index.js';

const T0 = Date.UTC(2023, 10, 14, 22, 13, 20);
const MIN = 60_000;
const HOUR = 60 * MIN;

function clockAt(wallMs: number): { clock: Clock; setWall: (ms: number) => void } {
  let wall = wallMs;
  return { clock: new Clock(() => wall), setWall: (ms) => (wall = ms) };
}

test('SigV4 presigned: inside the window is ok with its age; after it AccessDenied "Request has expired"', () => {
  const { clock, setWall } = clockAt(T0 + 10 * MIN);
  const ok = checkSigV4Presigned({ accessKeyId: 'AKID', signedAtWallMs: T0, expiresSeconds: 3600 }, clock);
  assert.deepEqual(ok, { kind: 'ok', expiresAtMs: T0 + HOUR, signatureAgeMs: 10 * MIN });
  setWall(T0 + HOUR + 1000);
  const late = checkSigV4Presigned({ accessKeyId: 'AKID', signedAtWallMs: T0, expiresSeconds: 3600 }, clock);
  assert.equal(late.kind, 'failure');
  if (late.kind !== 'failure') return;
  const err = authError('s3', late.failure, (v) => clock.toWall(v));
  assert.equal(err.code, 'AccessDenied');
  assert.equal(err.message, 'Request has expired');
  assert.deepEqual(err.extra, [
    ['X-Amz-Expires', '3600'],
    ['Expires', '2023-11-14T23:13:20Z'],
    ['ServerTime', '2023-11-14T23:13:21Z'],
  ]);
});

test('clock advance ages a URL signed before it; a URL signed after it works', () => {
  const { clock, setWall } = clockAt(T0);
  setWall(T0 + MIN);
  assert.ok(clock.advance(2 * HOUR).ok);
  const before = checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0, expiresSeconds: 3600 }, clock);
  assert.equal(before.kind, 'failure');
  setWall(T0 + 2 * MIN);
  const after = checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0 + 2 * MIN, expiresSeconds: 3600 }, clock);
  assert.equal(after.kind, 'ok');
});

test('X-Amz-Expires above a week is AuthorizationQueryParametersError; exactly a week is fine', () => {
  const { clock } = clockAt(T0);
  const big = checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0, expiresSeconds: 604_801 }, clock);
  assert.ok(big.kind === 'error' && big.error.code === 'AuthorizationQueryParametersError' && big.error.status === 400);
  assert.ok(big.kind === 'error' && big.error.message.startsWith('X-Amz-Expires must be less than a week'));
  assert.equal(checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0, expiresSeconds: 604_800 }, clock).kind, 'ok');
  assert.equal(checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0, expiresSeconds: 0 }, clock).kind, 'error');
});

test('a URL dated beyond the skew allowance is "Request is not yet valid"', () => {
  const { clock } = clockAt(T0);
  const early = checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0 + 16 * MIN, expiresSeconds: 3600 }, clock);
  assert.ok(early.kind === 'error' && early.error.code === 'AccessDenied' && early.error.message === 'Request is not yet valid');
  assert.equal(checkSigV4Presigned({ accessKeyId: 'A', signedAtWallMs: T0 + 14 * MIN, expiresSeconds: 3600 }, clock).kind, 'ok');
});

test('session expired inside the window is ExpiredToken; URL expiry is reported first', () => {
  const { clock, setWall } = clockAt(T0 + 30 * MIN);
  const session = { sessionToken: 'TOKEN', expiresAtMs: T0 + 20 * MIN };
  const inside = checkSigV4Presigned({ accessKeyId: 'ASIA', signedAtWallMs: T0, expiresSeconds: 3600, session }, clock);
  assert.ok(inside.kind === 'failure' && inside.failure.kind === 'expired-token');
  if (inside.kind === 'failure') {
    const err = authError('s3', inside.failure, (v) => v);
    assert.equal(err.status, 400);
    assert.deepEqual(err.extra, [['Token-0', 'TOKEN']]);
  }
  setWall(T0 + 2 * HOUR);
  const both = checkSigV4Presigned({ accessKeyId: 'ASIA', signedAtWallMs: T0, expiresSeconds: 3600, session }, clock);
  assert.ok(both.kind === 'failure' && both.failure.kind === 'presigned-expired');
});

test('SigV2 Expires: ok before, AccessDenied with Expires and ServerTime after; session rule as SigV4', () => {
  const { clock, setWall } = clockAt(T0);
  const expires = T0 / 1000 + 900;
  assert.equal(checkSigV2Presigned({ accessKeyId: 'A', expiresEpochSeconds: expires }, clock).kind, 'ok');
  setWall(T0 + 901_000);
  const late = checkSigV2Presigned({ accessKeyId: 'A', expiresEpochSeconds: expires }, clock);
  assert.ok(late.kind === 'error');
  if (late.kind === 'error') {
    assert.equal(late.error.message, 'Request has expired');
    assert.deepEqual(late.error.extra, [
      ['Expires', '2023-11-14T22:28:20Z'],
      ['ServerTime', '2023-11-14T22:28:21Z'],
    ]);
  }
  setWall(T0 + MIN);
  const token = checkSigV2Presigned({ accessKeyId: 'A', expiresEpochSeconds: expires, session: { sessionToken: 't', expiresAtMs: T0 } }, clock);
  assert.ok(token.kind === 'failure' && token.failure.kind === 'expired-token');
});

const addressing = { baseDomains: ['localhost', 's3.localhost.localstack.cloud'] };
const req = (rawTarget: string, headers: [string, string][] = [['Host', 'localhost:4566']], method = 'GET'): SignableRequest => ({ method, rawTarget, headers });
const route = (r: SignableRequest): string => {
  const d = isS3Request(r, parseSignature(r), addressing);
  return d.kind === 's3' ? d.reason : 'not-s3';
};

test('routing: SigV4 scope s3, SigV2 either form, anonymous bucket addresses; not STS/IAM', () => {
  const cred = (svc: string): string =>
    `/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20231114%2Fus-east-1%2F${svc}%2Faws4_request&X-Amz-Date=20231114T221320Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`;
  assert.equal(route(req(cred('s3'))), 'sigv4-scope');
  assert.equal(route(req(cred('sts'))), 'not-s3');
  assert.equal(route(req('/b/k?AWSAccessKeyId=A&Signature=x&Expires=1')), 'sigv2');
  assert.equal(route(req('/k', [['Host', 'b.localhost:4566'], ['Authorization', 'AWS A:sig']])), 'sigv2');
  assert.equal(route(req('/k', [['Host', 'b.localhost:4566']])), 'virtual-hosted');
  assert.equal(route(req('/bucket/key')), 'path-style');
  assert.equal(route(req('/?Action=GetCallerIdentity&Version=2011-06-15')), 'not-s3');
  assert.equal(route(req('/')), 'not-s3');
});

test('s3 context keys per auth form; signatureAge only for presigned SigV4', () => {
  assert.deepEqual(s3ContextKeys({ signatureVersion: 'AWS4-HMAC-SHA256', authType: 'REST-QUERY-STRING', signatureAgeMs: 1234.7 }), {
    's3:signatureversion': 'AWS4-HMAC-SHA256',
    's3:authType': 'REST-QUERY-STRING',
    's3:signatureAge': '1234',
  });
  assert.deepEqual(s3ContextKeys({ signatureVersion: 'AWS', authType: 'REST-HEADER', signatureAgeMs: 5 }), {
    's3:signatureversion': 'AWS',
    's3:authType': 'REST-HEADER',
  });
  assert.deepEqual(s3ContextKeys(undefined), {});
});
