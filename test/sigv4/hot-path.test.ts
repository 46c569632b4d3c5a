/**
 * The shortcuts of the hot path against the plain definitions they replace: parseAmzDate (digits and
 * field ranges instead of a regular expression and a round trip through Date), canonicalHeaderValue (values
 * already canonical returned as they are), the remembered parseSignedHeaders, the signing-key cache's
 * last-entry shortcut, one-shot sha256Hex and the per-second httpDate and isoSeconds.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { canonicalHeaderValue, deriveSigningKey, SigningKeyCache, parseAmzDate, parseSignedHeaders, sha256Hex } from '../../src/auth/sigv4/index.js';
import { createHash } from 'node:crypto';
import { httpDate, isoSeconds } from '../../src/lib/encoding.js';

/** The definition: the basic format, and a real instant (a round trip through Date gives the same fields). */
function referenceAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  const exact =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return exact ? ms : undefined;
}

function referenceHeaderValue(value: string): string {
  return value.replace(/[\t\n\v\f\r ]+/g, ' ').replace(/^ | $/g, '');
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Strings near the basic format: right shape with any digits, or one character changed. */
const amzDateLike = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
    )
    .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}T${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}Z`),
  fc
    .tuple(
      fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
      fc.nat(15),
      fc.string({ maxLength: 1 }),
    )
    .map(([date, at, ch]) => {
      const text = date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
      return text.slice(0, at) + ch + text.slice(at + 1);
    }),
);

describe('hot-path scanners agree with their definitions', () => {
  test('parseAmzDate: every date-like string, including years below 100, 29 February and second 60', () => {
    for (const text of ['00991231T235959Z', '01000101T000000Z', '20000229T000000Z', '19000229T000000Z', '20240229T235960Z', '２０１５0830T123600Z']) {
      assert.equal(parseAmzDate(text), referenceAmzDate(text), text);
    }
    fc.assert(
      fc.property(amzDateLike, (text) => parseAmzDate(text) === referenceAmzDate(text)),
      { numRuns: 20_000 },
    );
  });

  test('canonicalHeaderValue: values that need no work come back as they are; others as the regexes make them', () => {
    const valueLike = fc.array(fc.constantFrom('a', 'b', ' ', '  ', '\t', '\r\n ', '\u00a0', ','), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(valueLike, (value) => canonicalHeaderValue(value) === referenceHeaderValue(value)),
      { numRuns: 20_000 },
    );
  });

  test('parseSignedHeaders: the remembered answer is the parsed one, and cannot be changed by a caller', () => {
    const first = parseSignedHeaders('Host;X-Amz-Date; ;content-type');
    const again = parseSignedHeaders('Host;X-Amz-Date; ;content-type');
    assert.deepEqual([...first], ['host', 'x-amz-date', 'content-type']);
    assert.equal(again, first);
    assert.ok(Object.isFrozen(first));
    // Many different lists: the table stays bounded and every answer is still right.
    for (let i = 0; i < 1000; i++) assert.deepEqual([...parseSignedHeaders(`host;x-h${i}`)], ['host', `x-h${i}`]);
    assert.deepEqual([...parseSignedHeaders('Host;X-Amz-Date; ;content-type')], ['host', 'x-amz-date', 'content-type']);
  });

  test('signing-key cache: the last-used shortcut answers only for the very same secret and scope', () => {
    const cache = new SigningKeyCache(4);
    const scope = { date: '20150830', region: 'us-east-1', service: 'iam' };
    const key = cache.get('secret', scope);
    assert.equal(cache.get('secret', { ...scope }), key);
    for (const [secret, other] of [
      ['secret2', scope],
      ['secret', { ...scope, date: '20150831' }],
      ['secret', { ...scope, region: 'eu-west-1' }],
      ['secret', { ...scope, service: 'sts' }],
    ] as const) {
      assert.deepEqual(cache.get(secret, other), deriveSigningKey(secret, other));
      assert.notDeepEqual(cache.get(secret, other), key);
    }
    cache.clear();
    assert.equal(cache.size, 0);
    assert.notEqual(cache.get('secret', scope), key); // derived again after clear, not served from the shortcut
    assert.deepEqual(cache.get('secret', scope), key);
  });

  test('sha256Hex: the same digest as createHash, for text and for bytes', () => {
    for (const data of ['', 'abc', 'é and ☃', Buffer.from([0, 255, 1])]) {
      assert.equal(sha256Hex(data), createHash('sha256').update(data).digest('hex'));
    }
  });

  test('httpDate and isoSeconds: remember two seconds, never mixing seconds up', () => {
    const base = Date.UTC(2015, 7, 30, 12, 36, 0);
    // Two seconds taking turns (an answer's Date and Last-Modified), then a third, then the first two again.
    const instants = [base, base + 999, base + 1000, base - 1, base, base + 1000, base + 86_400_000, base, -1500, 0, -1500, base + 1500];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...instants), { minLength: 1, maxLength: 20 }), (sequence) => {
        for (const ms of sequence) {
          assert.equal(httpDate(ms), new Date(ms).toUTCString(), String(ms));
          assert.equal(isoSeconds(ms), new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'), String(ms));
        }
      }),
    );
  });
});
