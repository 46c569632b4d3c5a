/**
 * Requests built and signed by the real AWS SDK for JavaScript v3 (conventions.md habit 8): STS and IAM over
 * the query protocol, S3 PutObject with a body, and S3 presigned GETs from @aws-sdk/s3-request-presigner.
 * A request handler captures what the SDK would send, so nothing leaves the process.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  checkSkew,
  parseSignature,
  payloadHashFor,
  sha256Hex,
  verifySignature,
  type ParsedSigV4,
  type SignableRequest,
} from '../../src/auth/sigv4/index.js';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLE+/=',
};
const common = { region: 'eu-west-1', endpoint: 'http://localhost:4566', credentials, maxAttempts: 1 } as const;

interface Captured {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** How the SDK's HTTP handler writes a query string: RFC 3986 escapes, repeated keys, bare keys for null. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function asSent(request: Captured): { request: SignableRequest; body: string | Uint8Array } {
  const pieces: string[] = [];
  for (const [name, value] of Object.entries(request.query)) {
    if (value === null) pieces.push(escape(name));
    else for (const one of Array.isArray(value) ? value : [value]) pieces.push(`${escape(name)}=${escape(one)}`);
  }
  const body = typeof request.body === 'string' || request.body instanceof Uint8Array ? request.body : '';
  return {
    request: {
      method: request.method,
      rawTarget: pieces.length === 0 ? request.path : `${request.path}?${pieces.join('&')}`,
      headers: Object.entries(request.headers),
    },
    body,
  };
}

/** A request handler that records the request and fails it, so the SDK never touches the network. */
function capturing(): { handler: { handle: (request: Captured) => Promise<never> }; last: () => Captured } {
  let captured: Captured | undefined;
  return {
    handler: {
      handle: async (request: Captured) => {
        captured = request;
        throw new Error('captured');
      },
    },
    last: () => {
      assert.ok(captured !== undefined, 'the SDK sent nothing');
      return captured;
    },
  };
}

function verify(request: SignableRequest, body: string | Uint8Array): ParsedSigV4 {
  const parse = parseSignature(request);
  assert.equal(parse.kind, 'sigv4', JSON.stringify(parse));
  if (parse.kind !== 'sigv4') throw new Error('unreachable');
  const outcome = verifySignature(request, parse.parsed, credentials.secretAccessKey, payloadHashFor(request, parse.parsed, sha256Hex(body)));
  assert.equal(outcome.match, true, outcome.canonicalRequest);
  assert.equal(parse.parsed.sessionToken, credentials.sessionToken);
  assert.deepEqual(checkSkew(parse.parsed.signedAtMs, Date.now()), { kind: 'ok' });
  return parse.parsed;
}

test('STS GetCallerIdentity (query protocol POST) signed by the JS SDK verifies', async () => {
  const capture = capturing();
  const client = new STSClient({ ...common, requestHandler: capture.handler });
  await assert.rejects(client.send(new GetCallerIdentityCommand({})), /captured/);
  const { request, body } = asSent(capture.last());
  assert.equal(verify(request, body).scope.service, 'sts');
});

test('IAM ListRoles with a path prefix signed by the JS SDK verifies', async () => {
  const capture = capturing();
  const client = new IAMClient({ ...common, requestHandler: capture.handler });
  await assert.rejects(client.send(new ListRolesCommand({ PathPrefix: '/a b/ü/' })), /captured/);
  const { request, body } = asSent(capture.last());
  assert.equal(verify(request, body).scope.service, 'iam');
});

test('S3 PutObject (path-style, key with spaces, unicode and reserved characters, string body) verifies', async () => {
  const capture = capturing();
  const client = new S3Client({ ...common, forcePathStyle: true, requestHandler: capture.handler });
  const command = new PutObjectCommand({ Bucket: 'bucket', Key: 'dir/a b+c/ü?&=.txt', Body: 'hello world', Metadata: { note: 'x  y' } });
  await assert.rejects(client.send(command), /captured/);
  const { request, body } = asSent(capture.last());
  assert.match(request.rawTarget, /^\/bucket\/dir\/a%20b%2Bc\/%C3%BC%3F%26%3D\.txt/);
  assert.equal(verify(request, body).scope.service, 's3');
});

test('S3 presigned GetObject URLs from @aws-sdk/s3-request-presigner verify (X-Amz-Content-Sha256 and x-id included)', async () => {
  const client = new S3Client({ ...common, forcePathStyle: true });
  const url = new URL(
    await getSignedUrl(client, new GetObjectCommand({ Bucket: 'bucket', Key: 'a b/ü (1).txt', ResponseContentType: 'text/plain' }), {
      expiresIn: 900,
    }),
  );
  const request: SignableRequest = { method: 'GET', rawTarget: url.pathname + url.search, headers: [['host', url.host]] };
  const parsed = verify(request, '');
  assert.equal(parsed.form, 'query');
  assert.equal(parsed.expiresSeconds, 900);
  assert.match(url.search, /X-Amz-Content-Sha256=UNSIGNED-PAYLOAD/);
});
