/**
 * The official SigV4 test suite (awslabs/aws-c-auth, test/vectors/sigv4/SOURCES.md): for all 38 cases and
 * both forms, our canonical request, string to sign and signature must equal the suite's text exactly, and
 * the suite's signed request must verify. Each case's context.json is honoured: `normalize: false` selects
 * the "encode but do not normalise" path rule, `sign_body` puts the body's hash in x-amz-content-sha256,
 * `credentials.token` must come back as the session token, `expiration_in_seconds` as X-Amz-Expires, and
 * `omit_session_token` (the token added after signing) is covered by its own tests below.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  parseSignature,
  payloadHashFor,
  sha256Hex,
  signRequest,
  verifySignature,
  type ParsedSigV4,
  type SignableRequest,
  type UriRule,
} from '../../src/auth/sigv4/index.js';
import { headerValues } from '../../src/lib/headers.js';
import { parseRawHttp } from './raw-http.js';
import { repoRoot } from '../support/repo-root.js';

interface CaseContext {
  readonly credentials: { readonly access_key_id: string; readonly secret_access_key: string; readonly token?: string };
  readonly expiration_in_seconds: number;
  readonly normalize: boolean;
  readonly region: string;
  readonly service: string;
  readonly sign_body: boolean;
  readonly timestamp: string;
  readonly omit_session_token?: boolean;
}

const SUITE = join(repoRoot(), 'test', 'vectors', 'sigv4');
const CASES = readdirSync(SUITE, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Their service is "service", so the path rule comes from the suite's flag, not from the service name. */
const ENCODE_ONLY: UriRule = { normalize: false, encode: true };

function read(name: string, file: string): string {
  return readFileSync(join(SUITE, name, file), 'utf8');
}

function parsedOf(request: SignableRequest): ParsedSigV4 {
  const result = parseSignature(request);
  assert.equal(result.kind, 'sigv4', JSON.stringify(result));
  return (result as { readonly parsed: ParsedSigV4 }).parsed;
}

function verifyCase(name: string, form: 'header' | 'query', request: SignableRequest, body: string) {
  const context = JSON.parse(read(name, 'context.json')) as CaseContext;
  const parsed = parsedOf(request);
  const outcome = verifySignature(
    request,
    parsed,
    context.credentials.secret_access_key,
    payloadHashFor(request, parsed, sha256Hex(body)),
    context.normalize ? {} : { uriRule: ENCODE_ONLY },
  );
  return { context, parsed, outcome };
}

test('the suite has all 38 cases', () => {
  assert.equal(CASES.length, 38);
});

for (const name of CASES) {
  describe(name, () => {
    for (const form of ['header', 'query'] as const) {
      const tokenAddedAfterSigning = name === 'post-sts-header-after' && form === 'query';
      if (tokenAddedAfterSigning) continue;
      test(`${form} form: canonical request, string to sign and signature equal the suite's; the signed request verifies`, () => {
        const { request, body } = parseRawHttp(read(name, `${form}-signed-request.txt`));
        const { context, parsed, outcome } = verifyCase(name, form, request, body);

        assert.equal(parsed.form, form);
        assert.equal(parsed.accessKeyId, context.credentials.access_key_id);
        assert.deepEqual(parsed.scope, { date: '20150830', region: context.region, service: context.service });
        assert.equal(parsed.signedAtMs, Date.parse(context.timestamp));
        assert.equal(parsed.sessionToken, context.credentials.token);
        assert.equal(parsed.expiresSeconds, form === 'query' ? context.expiration_in_seconds : undefined);
        if (context.sign_body) assert.equal(headerValues(request.headers, 'x-amz-content-sha256').length, form === 'header' ? 1 : 0);

        assert.equal(outcome.canonicalRequest, read(name, `${form}-canonical-request.txt`));
        assert.equal(outcome.stringToSign, read(name, `${form}-string-to-sign.txt`));
        assert.equal(outcome.expectedSignature, read(name, `${form}-signature.txt`));
        assert.equal(outcome.match, true);
      });
    }

    test('signRequest reproduces the Authorization header of header-signed-request.txt from request.txt', () => {
      const context = JSON.parse(read(name, 'context.json')) as CaseContext;
      const { request, body } = parseRawHttp(read(name, 'request.txt'));
      const bodyHash = sha256Hex(body);
      const toSign: SignableRequest = context.sign_body ? { ...request, headers: [...request.headers, ['x-amz-content-sha256', bodyHash]] } : request;
      const token = context.omit_session_token === true ? undefined : context.credentials.token;
      const signed = signRequest({
        request: toSign,
        accessKeyId: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        ...(token === undefined ? {} : { sessionToken: token }),
        region: context.region,
        service: context.service,
        signedAtMs: Date.parse(context.timestamp),
        payloadHash: bodyHash,
      });
      const expected = parseRawHttp(read(name, 'header-signed-request.txt')).request;
      // signRequest applies the service's own path rule; the suite's "service" normalises, so the cases
      // that turn normalisation off sign a different canonical URI and are compared on their other parts.
      const ours = headerValues(signed.headers, 'authorization')[0] ?? '';
      const theirs = headerValues(expected.headers, 'authorization')[0] ?? '';
      if (context.normalize) assert.equal(ours, theirs);
      else assert.equal(ours.replace(/Signature=\w+$/, ''), theirs.replace(/Signature=\w+$/, ''));
    });
  });
}

describe('post-sts-header-after (the session token is added after signing)', () => {
  test('header form: the unsigned X-Amz-Security-Token header does not break the signature and is still read as the token', () => {
    const { request, body } = parseRawHttp(read('post-sts-header-after', 'header-signed-request.txt'));
    const { context, parsed, outcome } = verifyCase('post-sts-header-after', 'header', request, body);
    assert.deepEqual(parsed.signedHeaders, ['host', 'x-amz-date']);
    assert.equal(parsed.sessionToken, context.credentials.token);
    assert.equal(outcome.match, true);
  });

  test('query form cannot verify as sent: AWS signs every query parameter but X-Amz-Signature, so a token appended after presigning is rejected', () => {
    const { request, body } = parseRawHttp(read('post-sts-header-after', 'query-signed-request.txt'));
    const { context, parsed, outcome } = verifyCase('post-sts-header-after', 'query', request, body);
    assert.equal(parsed.sessionToken, context.credentials.token);
    assert.equal(outcome.match, false);
    assert.notEqual(outcome.canonicalRequest, read('post-sts-header-after', 'query-canonical-request.txt'));
  });

  test("query form without the appended token: canonical request, string to sign and signature equal the suite's", () => {
    const { request, body } = parseRawHttp(read('post-sts-header-after', 'query-signed-request.txt'));
    const stripped: SignableRequest = { ...request, rawTarget: request.rawTarget.replace(/&X-Amz-Security-Token=[^&]*/, '') };
    const { parsed, outcome } = verifyCase('post-sts-header-after', 'query', stripped, body);
    assert.equal(parsed.sessionToken, undefined);
    assert.equal(outcome.canonicalRequest, read('post-sts-header-after', 'query-canonical-request.txt'));
    assert.equal(outcome.stringToSign, read('post-sts-header-after', 'query-string-to-sign.txt'));
    assert.equal(outcome.expectedSignature, read('post-sts-header-after', 'query-signature.txt'));
    assert.equal(outcome.match, true);
  });
});
