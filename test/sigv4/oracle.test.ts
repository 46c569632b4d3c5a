/**
 * Property tests against an independent signer (`@smithy/signature-v4`, see oracle.ts): every request it
 * signs must verify, and a one-character change to the signature, the secret, a signed header's value, the
 * path or the query must be rejected (a parse problem or a mismatch). The seed is fixed so runs repeat;
 * set IAMLAB_FC_SEED to explore other inputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SigningKeyCache, parseSignature, payloadHashFor, sha256Hex, verifySignature, type SignableRequest } from '../../src/auth/sigv4/index.js';
import { headerValues } from '../../src/lib/headers.js';
import { splitTarget } from '../../src/lib/split-target.js';
import { caseArb, oracleSign } from './oracle.js';

const RUNS = 500;
const SEED = Number(process.env['IAMLAB_FC_SEED'] ?? 20150830);
const params = { numRuns: RUNS, seed: SEED };

/** Verifies as iamlab would; false when the request does not even parse as SigV4. */
function accepted(request: SignableRequest, body: string, secret: string, keyCache?: SigningKeyCache): boolean {
  const parse = parseSignature(request);
  if (parse.kind !== 'sigv4') return false;
  const payloadHash = payloadHashFor(request, parse.parsed, sha256Hex(body));
  return verifySignature(request, parse.parsed, secret, payloadHash, keyCache === undefined ? {} : { keyCache }).match;
}

/** A character to put at a position instead of `original`: never whitespace, never a case variant of it. */
const replacementArb = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
function replaceAt(text: string, index: number, replacement: string): string {
  const original = text[index] ?? '';
  const next = replacement.toLowerCase() === original.toLowerCase() ? (replacement === 'q' ? 'z' : 'q') : replacement;
  return text.slice(0, index) + next + text.slice(index + 1);
}

test(`every request the oracle signs verifies, header and presigned forms (${RUNS} runs)`, async () => {
  const keyCache = new SigningKeyCache(8);
  await fc.assert(
    fc.asyncProperty(caseArb(), async (c) => {
      const { request, body } = await oracleSign(c);
      const parse = parseSignature(request);
      assert.equal(parse.kind, 'sigv4', JSON.stringify({ request, parse }));
      if (parse.kind !== 'sigv4') return;
      const parsed = parse.parsed;
      assert.equal(parsed.form, c.form);
      assert.equal(parsed.accessKeyId, c.accessKeyId);
      assert.deepEqual(parsed.scope, { date: parsed.amzDate.slice(0, 8), region: c.region, service: c.service });
      assert.equal(parsed.signedAtMs, Math.floor(c.signedAtMs / 1000) * 1000);
      assert.equal(parsed.sessionToken, c.sessionToken);
      assert.equal(parsed.expiresSeconds, c.form === 'query' ? c.expiresIn : undefined);
      const payloadHash = payloadHashFor(request, parsed, sha256Hex(body));
      const outcome = verifySignature(request, parsed, c.secretAccessKey, payloadHash);
      assert.equal(outcome.match, true, outcome.canonicalRequest);
      assert.equal(verifySignature(request, parsed, c.secretAccessKey, payloadHash, { keyCache }).match, true);
    }),
    params,
  );
});

test(`a one-character change to the signature is rejected (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb(), fc.nat(63), fc.constantFrom(...'0123456789abcdef'), async (c, index, hex) => {
      const { request, body } = await oracleSign(c);
      const swap = (sig: string): string => {
        const next = sig[index] === hex ? (hex === '0' ? '1' : '0') : hex;
        return sig.slice(0, index) + next + sig.slice(index + 1);
      };
      const mutated: SignableRequest =
        c.form === 'header'
          ? {
              ...request,
              headers: request.headers.map(([name, value]) =>
                name.toLowerCase() === 'authorization'
                  ? [name, value.replace(/Signature=(\w+)$/, (_, sig: string) => `Signature=${swap(sig)}`)]
                  : [name, value],
              ),
            }
          : { ...request, rawTarget: request.rawTarget.replace(/X-Amz-Signature=(\w+)/, (_, sig: string) => `X-Amz-Signature=${swap(sig)}`) };
      assert.notDeepEqual(mutated, request);
      assert.equal(accepted(mutated, body, c.secretAccessKey), false);
    }),
    params,
  );
});

test(`a one-character change to the secret is rejected (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb(), fc.nat(), replacementArb, async (c, position, replacement) => {
      const { request, body } = await oracleSign(c);
      const wrongSecret = replaceAt(c.secretAccessKey, position % c.secretAccessKey.length, replacement);
      assert.notEqual(wrongSecret, c.secretAccessKey);
      assert.equal(accepted(request, body, wrongSecret), false);
    }),
    params,
  );
});

test(`a one-character change to a signed header's value is rejected (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb({ minHeaders: 1 }), fc.nat(), fc.nat(), replacementArb, async (c, which, position, replacement) => {
      const { request, body } = await oracleSign(c);
      const parse = parseSignature(request);
      assert.equal(parse.kind, 'sigv4');
      if (parse.kind !== 'sigv4') return;
      const signedIndexes = request.headers.flatMap(([name], i) => (parse.parsed.signedHeaders.includes(name.toLowerCase()) ? [i] : []));
      const target = signedIndexes[which % signedIndexes.length] ?? 0;
      const mutated: SignableRequest = {
        ...request,
        headers: request.headers.map(([name, value], i) => {
          if (i !== target) return [name, value];
          return [name, value === '' ? replacement : replaceAt(value, position % value.length, replacement)];
        }),
      };
      assert.equal(accepted(mutated, body, c.secretAccessKey), false, JSON.stringify(mutated.headers[target]));
    }),
    params,
  );
});

test(`a one-character change to the path is rejected (${RUNS} runs; paths without dot segments, which a change can hide)`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb({ dotSegments: false }), fc.nat(), replacementArb, async (c, position, replacement) => {
      const { request, body } = await oracleSign(c);
      const { path } = splitTarget(request.rawTarget);
      const mutated: SignableRequest = {
        ...request,
        rawTarget: replaceAt(path, position % path.length, replacement) + request.rawTarget.slice(path.length),
      };
      assert.equal(accepted(mutated, body, c.secretAccessKey), false, mutated.rawTarget);
    }),
    params,
  );
});

test(`a one-character change to the query is rejected (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb({ minQuery: 1 }), fc.nat(), replacementArb, async (c, position, replacement) => {
      const { request, body } = await oracleSign(c);
      const mark = request.rawTarget.indexOf('?');
      const query = request.rawTarget.slice(mark + 1);
      if (query === '') return; // every pair was `=` with an empty name and value: nothing to change
      const mutated: SignableRequest = {
        ...request,
        rawTarget: request.rawTarget.slice(0, mark + 1) + replaceAt(query, position % query.length, replacement),
      };
      assert.equal(accepted(mutated, body, c.secretAccessKey), false, mutated.rawTarget);
    }),
    params,
  );
});

test('the oracle really sends duplicate headers as separate raw pairs (guards the generators)', async () => {
  const c = fc.sample(caseArb({ minHeaders: 1 }), { numRuns: 1, seed: 1 })[0];
  assert.ok(c !== undefined);
  const duplicate = {
    ...c,
    headers: [
      {
        name: 'x-dup',
        sent: [
          ['X-Dup', 'a  b'],
          ['x-dup', 'c'],
        ] as const,
      },
    ],
  };
  const { request } = await oracleSign(duplicate);
  assert.deepEqual(headerValues(request.headers, 'x-dup'), ['a  b', 'c']);
});
