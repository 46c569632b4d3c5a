/** The spec steps one at a time (§6.2–§6.3), for the cases the suite and the oracle leave implicit. */
import { seededRandom } from '../../src/ids/id-source.js';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  SigningKeyCache,
  canonicalHeaderValue,
  canonicalHeaders,
  canonicalQueryString,
  canonicalUri,
  computeSignature,
  deriveSigningKey,
  normalizePath,
  parseAmzDate,
  parseHttpDate,
  parseQuery,
  parseSignature,
  payloadHashFor,
  signRequest,
  uriRuleFor,
  verifySignature,
  EMPTY_SHA256,
  UNSIGNED_PAYLOAD,
  type ParsedSigV4,
  type SignableRequest,
} from '../../src/auth/sigv4/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SCOPE = { date: '20150830', region: 'us-east-1', service: 'iam' };

describe('canonical URI', () => {
  test('normalisation removes dot segments and empty segments and keeps a trailing slash', () => {
    const cases: [string, string][] = [
      ['/', '/'],
      ['//', '/'],
      ['/./', '/'],
      ['/a/../..', '/'],
      ['/a/./b/../c/', '/a/c/'],
      ['//example//', '/example/'],
      ['/../a', '/a'],
      ['/a/%2E%2E/b', '/a/%2E%2E/b'],
    ];
    for (const [path, expected] of cases) assert.equal(normalizePath(path), expected, path);
  });

  test('non-S3 services encode the path as sent once more (double encoding); S3 takes it as sent', () => {
    assert.equal(canonicalUri('/a%20b/c+d/../é', uriRuleFor('iam')), '/a%2520b/%C3%A9');
    assert.equal(canonicalUri('/a%20b/c+d/./e', uriRuleFor('sts')), '/a%2520b/c%2Bd/e');
    assert.equal(canonicalUri('/bucket/a%20b/./c+d//', uriRuleFor('s3')), '/bucket/a%20b/./c+d//');
    assert.equal(canonicalUri('', uriRuleFor('s3')), '/');
  });
});

describe('canonical query string', () => {
  test('sorted by encoded name, then value; "Param" sorts before "Param-3" (get-vanilla-query-order-encoded)', () => {
    assert.equal(canonicalQueryString(parseQuery('Param-3=Value3&Param=Value2&%E1%88%B4=Value1')), '%E1%88%B4=Value1&Param=Value2&Param-3=Value3');
    assert.equal(canonicalQueryString(parseQuery('a=2&a=10&a=1&b')), 'a=1&a=10&a=2&b=');
  });

  test('names and values are decoded then re-encoded: "+" is a space, hex case and needless escapes do not matter', () => {
    assert.equal(canonicalQueryString(parseQuery('k=a+b%2c%7e%41')), 'k=a%20b%2C~A');
    assert.equal(canonicalQueryString(parseQuery('k=%zz%4')), 'k=%25zz%254');
    assert.equal(canonicalQueryString(parseQuery('k=%FF%C3')), 'k=%FF%C3');
    assert.equal(canonicalQueryString(parseQuery('&&k=v&')), 'k=v');
    assert.equal(canonicalQueryString(parseQuery('k=%')), 'k=%25');
  });

  test('text that is not ASCII contributes its UTF-8 bytes, escaped or not; a lone surrogate becomes U+FFFD', () => {
    assert.equal(canonicalQueryString(parseQuery('k=\u00e9%20\u{1F600}x%C3%A9')), 'k=%C3%A9%20%F0%9F%98%80x%C3%A9');
    assert.equal(canonicalQueryString(parseQuery('k=\ud800%41')), 'k=%EF%BF%BDA');
    const [param] = parseQuery('k%C3%A9=a+%E2%82%AC');
    assert.deepEqual(param, { name: 'k\u00e9', value: 'a \u20ac', canonicalName: 'k%C3%A9', canonicalValue: 'a%20%E2%82%AC' });
  });

  test('parsing one query after another gives each its own parameters', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(canonicalQueryString(parseQuery('b=2&a=1')), 'a=1&b=2');
      assert.equal(canonicalQueryString(parseQuery('c=%7E')), 'c=~');
    }
  });

  test('X-Amz-Signature is left out only when asked (presigned form)', () => {
    const params = parseQuery('X-Amz-Signature=abc&a=1');
    assert.equal(canonicalQueryString(params, 'X-Amz-Signature'), 'a=1');
    assert.equal(canonicalQueryString(params), 'X-Amz-Signature=abc&a=1');
  });
});

describe('canonical headers', () => {
  test('values trimmed, inner whitespace collapsed, Latin-1 no-break space kept', () => {
    assert.equal(canonicalHeaderValue('  a \t  b  '), 'a b');
    assert.equal(canonicalHeaderValue('a\n   b'), 'a b');
    assert.equal(canonicalHeaderValue('\u00a0a\u00a0'), '\u00a0a\u00a0');
  });

  test('a header sent several times contributes every value in order, joined with ","; names match in any case', () => {
    const headers: [string, string][] = [
      ['My-Header1', 'value2'],
      ['host', 'h'],
      ['my-header1', ' a   b '],
      ['MY-HEADER1', 'value1'],
    ];
    assert.equal(canonicalHeaders(headers, ['host', 'my-header1']), 'host:h\nmy-header1:value2,a b,value1\n');
  });

  test('a signed header that was not sent is signed as empty', () => {
    assert.equal(canonicalHeaders([['host', 'h']], ['host', 'x-missing']), 'host:h\nx-missing:\n');
  });
});

describe('signing key', () => {
  test('matches the AWS documentation example (20150830/us-east-1/iam)', () => {
    assert.equal(deriveSigningKey(SECRET, SCOPE).toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });

  test('the cache returns the derived key, stays within its bound and evicts the least recently used', () => {
    const cache = new SigningKeyCache(2);
    const a = { ...SCOPE, region: 'a' };
    const b = { ...SCOPE, region: 'b' };
    const c = { ...SCOPE, region: 'c' };
    const keyA = cache.get(SECRET, a);
    assert.deepEqual(keyA, deriveSigningKey(SECRET, a));
    const keyB = cache.get(SECRET, b);
    assert.equal(cache.get(SECRET, a), keyA); // a hit (the same Buffer), now the most recent
    cache.get(SECRET, c); // evicts b
    assert.equal(cache.size, 2);
    assert.equal(cache.get(SECRET, a), keyA);
    const rederived = cache.get(SECRET, b);
    assert.notEqual(rederived, keyB); // a new Buffer: b had been evicted
    assert.deepEqual(rederived, keyB);
    assert.equal(cache.size, 2);
  });

  test('scopes whose parts concatenate to the same text get different keys', () => {
    const cache = new SigningKeyCache();
    const one = cache.get(SECRET, { date: '20150830', region: 'us-east-1/iam', service: 'x' });
    const two = cache.get(SECRET, { date: '20150830', region: 'us-east-1', service: 'iam/x' });
    assert.notDeepEqual(one, two);
    assert.equal(cache.size, 2);
  });
});

describe('dates', () => {
  test('basic format only, real instants only', () => {
    assert.equal(parseAmzDate('20150830T123600Z'), Date.UTC(2015, 7, 30, 12, 36, 0));
    assert.equal(parseAmzDate('20240229T000000Z'), Date.UTC(2024, 1, 29));
    for (const bad of ['20230229T000000Z', '20150830T246000Z', '20150830t123600z', ' 20150830T123600Z'])
      assert.equal(parseAmzDate(bad), undefined, bad);
  });

  test('the Date header is RFC 1123, with a weekday that fits the date', () => {
    assert.equal(parseHttpDate('Sun, 30 Aug 2015 12:36:00 GMT'), Date.UTC(2015, 7, 30, 12, 36, 0));
    for (const bad of ['Mon, 30 Aug 2015 12:36:00 GMT', 'Sunday, 30-Aug-15 12:36:00 GMT', '2015-08-30T12:36:00Z'])
      assert.equal(parseHttpDate(bad), undefined, bad);
  });
});

describe('payload hash and verification', () => {
  const base = (service: string, target = '/', extra: [string, string][] = []): SignableRequest =>
    signRequest({
      request: { method: 'PUT', rawTarget: target, headers: [['Host', 'localhost:4566'], ...extra] },
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      region: 'us-east-1',
      service,
      signedAtMs: Date.UTC(2015, 7, 30, 12, 36, 0),
    });
  const parsedOf = (req: SignableRequest): ParsedSigV4 => {
    const result = parseSignature(req);
    assert.equal(result.kind, 'sigv4');
    return (result as { readonly parsed: ParsedSigV4 }).parsed;
  };

  test('header form: the x-amz-content-sha256 header wins, else the body hash', () => {
    const withHeader = base('s3', '/', [['x-amz-content-sha256', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']]);
    assert.equal(payloadHashFor(withHeader, parsedOf(withHeader), EMPTY_SHA256), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    const without = base('sts');
    assert.equal(payloadHashFor(without, parsedOf(without), 'abc'), 'abc');
  });

  test('query form: X-Amz-Content-Sha256 when present, else UNSIGNED-PAYLOAD for S3, else the body hash', () => {
    const q = (service: string, extra = ''): SignableRequest => ({
      method: 'GET',
      rawTarget: `/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2F${service}%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00${extra}`,
      headers: [['host', 'h']],
    });
    assert.equal(payloadHashFor(q('s3'), parsedOf(q('s3')), 'body'), UNSIGNED_PAYLOAD);
    assert.equal(payloadHashFor(q('s3', '&X-Amz-Content-Sha256=abc'), parsedOf(q('s3', '&X-Amz-Content-Sha256=abc')), 'body'), 'abc');
    assert.equal(payloadHashFor(q('sts'), parsedOf(q('sts')), 'body'), 'body');
  });

  test('S3 verifies the path exactly as sent; the same request checked with the non-S3 rule fails', () => {
    const req = base('s3', '/bucket/a%2Fb/../c%20d', [['x-amz-content-sha256', UNSIGNED_PAYLOAD]]);
    const parsed = parsedOf(req);
    assert.equal(verifySignature(req, parsed, SECRET, UNSIGNED_PAYLOAD).match, true);
    assert.match(verifySignature(req, parsed, SECRET, UNSIGNED_PAYLOAD).canonicalRequest, /^PUT\n\/bucket\/a%2Fb\/\.\.\/c%20d\n/);
    assert.equal(verifySignature(req, parsed, SECRET, UNSIGNED_PAYLOAD, { uriRule: uriRuleFor('iam') }).match, false);
  });

  test('a wrong payload hash, a wrong method or a signature of another length is a mismatch, never an exception', () => {
    const req = base('sts');
    const parsed = parsedOf(req);
    assert.equal(verifySignature(req, parsed, SECRET, EMPTY_SHA256).match, true);
    assert.equal(verifySignature(req, parsed, SECRET, UNSIGNED_PAYLOAD).match, false);
    assert.equal(verifySignature({ ...req, method: 'POST' }, parsed, SECRET, EMPTY_SHA256).match, false);
    assert.equal(verifySignature(req, { ...parsed, signature: parsed.signature.slice(1) }, SECRET, EMPTY_SHA256).match, false);
    assert.equal(verifySignature(req, { ...parsed, signature: parsed.signature.toUpperCase() }, SECRET, EMPTY_SHA256).match, false);
  });
});

describe('the signature HMAC (step 4)', () => {
  test('equals node:crypto HMAC-SHA256 for any key up to a block and any text, short, long or not ASCII', () => {
    const texts = [
      '',
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nabc',
      'é€😀 non-ASCII',
      'x'.repeat(340),
      'y'.repeat(5000),
    ];
    const keys = [Buffer.alloc(0), deriveSigningKey(SECRET, SCOPE), Buffer.alloc(64, 7), Buffer.alloc(65, 9)];
    for (const key of keys) {
      for (const text of texts) {
        // Twice: the second call reuses the key's pads.
        for (let i = 0; i < 2; i++) assert.equal(computeSignature(key, text), createHmac('sha256', key).update(text, 'utf8').digest('hex'));
      }
    }
  });

  test('property: equals node:crypto HMAC-SHA256 on seeded random keys and texts, keys interleaved', () => {
    // computeSignature keeps module-level scratch buffers and the last key's pads; switching keys at random
    // between calls exercises exactly that state against the reference.
    const random = seededRandom('signature-hmac');
    const keys = Array.from({ length: 8 }, (_, i) => random(i === 0 ? 32 : (random(1)[0] as number) % 66));
    for (let i = 0; i < 3000; i++) {
      const key = keys[(random(1)[0] as number) % keys.length] as Buffer;
      const length = (random(2).readUInt16BE(0) % 600) + (i % 50 === 0 ? 1000 : 0);
      const text = Array.from(random(length), (b) =>
        b < 200 ? String.fromCharCode(32 + (b % 95)) : b < 230 ? String.fromCharCode(0xe9 + b) : '€😀',
      ).join('');
      assert.equal(computeSignature(key, text), createHmac('sha256', key).update(text, 'utf8').digest('hex'), `case ${i}`);
    }
  });
});
