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
import { PresignedWindows } from '../../src/server/presigned-windows.js';
import { checkSigV2Presigned, isS3Request, s3ContextKeys } from '../../src/server/s3/index.js';

const T0 = Date.UTC(2023, 10, 14, 22, 13, 20);
const MIN = 60_000;
const HOUR_MS = 60 * MIN;

function clockAt(wallMs: number): { clock: Clock; setWall: (ms: number) => void } {
  let wall = wallMs;
  return { clock: new Clock(() => wall), setWall: (ms) => (wall = ms) };
}

test('SigV2 Expires: ok before, AccessDenied with Expires and ServerTime after; session rule as SigV4', () => {
  const { clock, setWall } = clockAt(T0);
  const expiresAtMs = new PresignedWindows().sigV2Expiry('sig', T0 / 1000 + 900, clock);
  assert.equal(checkSigV2Presigned({ accessKeyId: 'A', expiresAtMs }, clock).kind, 'ok');
  setWall(T0 + 901_000);
  const late = checkSigV2Presigned({ accessKeyId: 'A', expiresAtMs }, clock);
  assert.ok(late.kind === 'error');
  if (late.kind === 'error') {
    assert.equal(late.error.message, 'Request has expired');
    assert.deepEqual(late.error.extra, [
      ['Expires', '2023-11-14T22:28:20Z'],
      ['ServerTime', '2023-11-14T22:28:21Z'],
    ]);
  }
  setWall(T0 + MIN);
  const token = checkSigV2Presigned({ accessKeyId: 'A', expiresAtMs, session: { sessionToken: 't', expiresAtMs: T0 } }, clock);
  assert.ok(token.kind === 'failure' && token.failure.kind === 'expired-token');
});

test('a SigV2 window is fixed when the URL is first seen: a later clock advance ages it, an earlier one does not', () => {
  const { clock, setWall } = clockAt(T0);
  const windows = new PresignedWindows();
  const seen = windows.sigV2Expiry('first', T0 / 1000 + 60, clock);
  assert.ok(clock.advance(2 * MIN).kind === 'ok');
  assert.equal(windows.sigV2Expiry('first', T0 / 1000 + 60, clock), seen);
  assert.equal(checkSigV2Presigned({ accessKeyId: 'A', expiresAtMs: seen }, clock).kind, 'error');
  setWall(T0 + 1000);
  const later = windows.sigV2Expiry('second', T0 / 1000 + 61, clock);
  assert.equal(checkSigV2Presigned({ accessKeyId: 'A', expiresAtMs: later }, clock).kind, 'ok');
});

const addressing = { baseDomains: ['localhost', 's3.localhost.localstack.cloud'] };
const req = (rawTarget: string, headers: [string, string][] = [['Host', 'localhost:4566']], method = 'GET'): SignableRequest => ({
  method,
  rawTarget,
  headers,
});
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
  assert.equal(
    route(
      req('/k', [
        ['Host', 'b.localhost:4566'],
        ['Authorization', 'AWS A:sig'],
      ]),
    ),
    'sigv2',
  );
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

test('a SigV4 URL dated in the second of a clock move: seen before the move it was made before it, seen after it after it', () => {
  const { clock, setWall } = clockAt(T0 + 400);
  const windows = new PresignedWindows();
  // Seen before the move (T0+500): its window starts before it, and stays there after the move.
  assert.equal(windows.sigV4Start('before', T0, clock), T0);
  setWall(T0 + 500);
  assert.ok(clock.advance(HOUR_MS).kind === 'ok');
  setWall(T0 + 600);
  assert.equal(windows.sigV4Start('before', T0, clock), T0);
  // First seen after the move: made after it.
  assert.equal(windows.sigV4Start('after', T0, clock), T0 + HOUR_MS);
  // A second without a move maps plainly.
  assert.equal(windows.sigV4Start('later', T0 + 5000, clock), T0 + 5000 + HOUR_MS);
});
