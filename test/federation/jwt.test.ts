/**
 * JOSE signing and verification (src/federation/jwt): RFC 7515's published examples, every algorithm AWS accepts
 * (aws-federation.md §2.1) checked by a second implementation (WebCrypto), and the ways a token is forged or
 * broken — each must come back as a typed outcome, never `ok` and never an exception.
 */
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InternalError } from '../../src/errors/aws-error.js';
import { base64urlDecode, base64urlEncode } from '../../src/federation/jwt/base64url.js';
import type { JwsAlgorithm } from '../../src/federation/jwt/jose-algorithms.js';
import { jwkThumbprint, publicJwk, type Jwk, type JwkSet } from '../../src/federation/jwt/jwk.js';
import { MAX_JWT_CHARS, parseJwt, type ParsedJwt } from '../../src/federation/jwt/parse-jwt.js';
import { signJwt } from '../../src/federation/jwt/sign-jwt.js';
import { verifyJwt, type VerifyJwtOutcome } from '../../src/federation/jwt/verify-jwt.js';
import { seededRandom } from '../../src/ids/id-source.js';
import { repoRoot } from '../support/repo-root.js';

interface Vectors {
  readonly hs256: { readonly token: string };
  readonly rs256: { readonly jwk: Jwk; readonly token: string };
  readonly es256: { readonly jwk: Jwk; readonly token: string };
  readonly es512: { readonly jwk: Jwk; readonly signingInput: string; readonly signature: string };
}
const rfc = JSON.parse(readFileSync(join(repoRoot(), 'test', 'vectors', 'jose-rfc', 'rfc7515-vectors.json'), 'utf8')) as Vectors;

const rsa = (bits = 2048): KeyObject => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
const ec = (namedCurve: string): KeyObject => generateKeyPairSync('ec', { namedCurve }).privateKey;
const keys = { rsaA: rsa(), rsaB: rsa(), rsa3072: rsa(3072), p256: ec('P-256'), p384: ec('P-384'), p521: ec('P-521') };
const KEY_FOR: Record<JwsAlgorithm, KeyObject> = {
  RS256: keys.rsaA,
  RS384: keys.rsaA,
  RS512: keys.rsa3072,
  ES256: keys.p256,
  ES384: keys.p384,
  ES512: keys.p521,
};
const ALGS = Object.keys(KEY_FOR) as JwsAlgorithm[];
const claims = { iss: 'https://issuer.example', sub: 'repo:octo-org/octo-repo:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp: 1_900_000_000 };

function parsed(token: string): ParsedJwt {
  const outcome = parseJwt(token);
  if (outcome.kind === 'malformed') assert.fail(outcome.problem);
  return outcome;
}
const verifyToken = (token: string, jwks: JwkSet): VerifyJwtOutcome => verifyJwt(parsed(token), jwks);
const segment = (value: unknown): string => base64urlEncode(JSON.stringify(value));

/** A token built by hand, for headers `signJwt` never writes (no `kid`, `crit`, HS256, none). */
function forge(header: object, payload: unknown, signer: (input: string) => Buffer): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${base64urlEncode(signer(input))}`;
}
const rs256With = (key: KeyObject) => (input: string) => sign('sha256', Buffer.from(input), key);

describe('base64url', () => {
  it('round-trips every length and matches Node for canonical text', () => {
    const random = seededRandom('base64url');
    for (let length = 0; length < 70; length++) {
      const bytes = random(length);
      const text = base64urlEncode(bytes);
      assert.match(text, /^[A-Za-z0-9_-]*$/);
      assert.deepEqual(base64urlDecode(text), bytes);
    }
  });
  it('refuses padding, the standard alphabet, whitespace, impossible lengths and non-zero unused bits', () => {
    for (const text of ['QQ==', 'a+b/', 'QQ ', ' QQ', 'Q', 'QUJDR', 'QR', 'QUF', 'QUI\n']) {
      assert.equal(base64urlDecode(text), undefined, text);
    }
    assert.deepEqual(base64urlDecode('QQ'), Buffer.from('A'));
    assert.deepEqual(base64urlDecode('QUE'), Buffer.from('AA'));
  });
});

describe('RFC 7515 Appendix A examples', () => {
  it('A.2 RS256 and A.3 ES256 verify against the published public keys', () => {
    for (const vector of [rfc.rs256, rfc.es256]) {
      const outcome = verifyToken(vector.token, { keys: [vector.jwk] });
      assert.deepEqual(outcome, { kind: 'ok', kid: undefined });
    }
    assert.deepEqual(parsed(rfc.rs256.token).payload, { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  });
  it('A.4 ES512 (a 132-byte r‖s signature over a non-JSON payload) verifies', () => {
    const signature = base64urlDecode(rfc.es512.signature) as Buffer;
    assert.equal(signature.length, 132);
    const fromRfc: ParsedJwt = { kind: 'ok', header: { alg: 'ES512' }, payload: {}, signingInput: rfc.es512.signingInput, signature };
    assert.deepEqual(verifyJwt(fromRfc, { keys: [rfc.es512.jwk] }), { kind: 'ok', kid: undefined });
    // The payload `Payload` is not a JSON object, so as a JWT the example is malformed.
    assert.deepEqual(parseJwt(`${rfc.es512.signingInput}.${rfc.es512.signature}`), {
      kind: 'malformed',
      problem: 'payload is not UTF-8 JSON',
    });
  });
  it('A.1 HS256 is refused by name, whatever keys the set holds', () => {
    const outcome = verifyToken(rfc.hs256.token, { keys: [rfc.rs256.jwk, { kty: 'oct' }] });
    assert.deepEqual(outcome, { kind: 'unsupported-alg', alg: 'HS256' });
  });
  it('a changed byte in an RFC token no longer verifies', () => {
    const [h, p, s] = rfc.es256.token.split('.') as [string, string, string];
    const otherPayload = segment({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': false });
    assert.equal(verifyToken(`${h}.${otherPayload}.${s}`, { keys: [rfc.es256.jwk] }).kind, 'bad-signature');
    assert.equal(verifyToken(`${h}.${p}.${s}`, { keys: [rfc.rs256.jwk] }).kind, 'no-key');
  });
});

describe('signJwt and verifyJwt, every algorithm AWS accepts', () => {
  for (const alg of ALGS) {
    it(`${alg}: signs, parses, verifies by kid, and WebCrypto agrees`, async () => {
      const key = KEY_FOR[alg];
      const jwk = publicJwk(key, `kid-${alg}`, alg);
      const token = signJwt({ alg, kid: `kid-${alg}`, privateKey: key, claims, typ: 'JWT' });
      const jwt = parsed(token);
      assert.deepEqual(jwt.header, { alg, typ: 'JWT', kid: `kid-${alg}` });
      assert.deepEqual(jwt.payload, claims);
      const others = ALGS.filter((a) => a !== alg).map((a) => publicJwk(KEY_FOR[a], `kid-${a}`, a));
      assert.deepEqual(verifyJwt(jwt, { keys: [...others, jwk] }), { kind: 'ok', kid: `kid-${alg}` });

      // A second implementation: WebCrypto takes ECDSA signatures as raw r‖s, as JOSE does.
      const hash = { name: `SHA-${alg.slice(2)}` };
      const algorithm = alg.startsWith('ES') ? { name: 'ECDSA', namedCurve: jwk.crv as string, hash } : { name: 'RSASSA-PKCS1-v1_5', hash };
      const imported = await webcrypto.subtle.importKey('jwk', jwk as webcrypto.JsonWebKey, algorithm, false, ['verify']);
      const ok = await webcrypto.subtle.verify({ name: algorithm.name, hash }, imported, jwt.signature, Buffer.from(jwt.signingInput));
      assert.equal(ok, true);
      if (alg.startsWith('ES')) assert.equal(jwt.signature.length, { ES256: 64, ES384: 96, ES512: 132 }[alg as 'ES256']);
    });
  }

  it('Kubernetes-style tokens carry no typ', () => {
    const token = signJwt({ alg: 'RS256', kid: 'k', privateKey: keys.rsaA, claims });
    assert.deepEqual(parsed(token).header, { alg: 'RS256', kid: 'k' });
  });

  it('refuses to sign with a key that does not fit the algorithm (a bug, not input)', () => {
    assert.throws(() => signJwt({ alg: 'ES256', kid: 'k', privateKey: keys.rsaA, claims }), InternalError);
    assert.throws(() => signJwt({ alg: 'ES384', kid: 'k', privateKey: keys.p256, claims }), InternalError);
    assert.throws(() => signJwt({ alg: 'RS256', kid: 'k', privateKey: keys.p256, claims }), InternalError);
    const publicOnly = { ...keys, pub: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey };
    assert.throws(() => signJwt({ alg: 'RS256', kid: 'k', privateKey: publicOnly.pub, claims }), InternalError);
  });
});

describe('publicJwk', () => {
  it('exports RSA and EC public keys with kid, alg and use, and never a private member', () => {
    const r = publicJwk(keys.rsaA, 'r1', 'RS256');
    assert.deepEqual(Object.keys(r).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(r.e, 'AQAB');
    assert.equal((base64urlDecode(r.n as string) as Buffer).length, 256);
    const e = publicJwk(keys.p384, 'e1', 'ES384');
    assert.deepEqual(Object.keys(e).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.deepEqual([e.kty, e.crv, e.use, e.alg, e.kid], ['EC', 'P-384', 'sig', 'ES384', 'e1']);
    assert.equal((base64urlDecode(e.x as string) as Buffer).length, 48);
  });
  it('RFC 7638 §3.1: the thumbprint of the example RSA key', () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    assert.equal(jwkThumbprint({ kty: 'RSA', n, e: 'AQAB', alg: 'RS256', kid: '2011-04-29' }), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    const ecJwk = publicJwk(keys.p256, 'x', 'ES256');
    assert.equal(jwkThumbprint(ecJwk), jwkThumbprint({ ...ecJwk, kid: 'other', use: 'enc' }));
    assert.notEqual(jwkThumbprint(ecJwk), jwkThumbprint(publicJwk(keys.p384, 'x', 'ES384')));
  });
  it('refuses an algorithm the key cannot carry', () => {
    assert.throws(() => publicJwk(keys.rsaA, 'k', 'ES256'), InternalError);
    assert.throws(() => publicJwk(keys.p256, 'k', 'ES512'), InternalError);
  });
});

describe('forged and altered tokens', () => {
  const jwkA = publicJwk(keys.rsaA, 'a', 'RS256');
  const jwkB = publicJwk(keys.rsaB, 'b', 'RS256');
  const good = signJwt({ alg: 'RS256', kid: 'a', privateKey: keys.rsaA, claims, typ: 'JWT' });
  const [h, p, s] = good.split('.') as [string, string, string];

  it('a changed payload, header or signature is a bad signature', () => {
    const jwks = { keys: [jwkA] };
    assert.deepEqual(verifyToken(good, jwks), { kind: 'ok', kid: 'a' });
    const richer = segment({ ...claims, sub: 'repo:evil/repo:ref:refs/heads/main' });
    assert.equal(verifyToken(`${h}.${richer}.${s}`, jwks).kind, 'bad-signature');
    const header = segment({ alg: 'RS256', typ: 'JWT', kid: 'a', extra: 1 });
    assert.equal(verifyToken(`${header}.${p}.${s}`, jwks).kind, 'bad-signature');
    const flipped = Buffer.from(base64urlDecode(s) as Buffer);
    flipped[10] = (flipped[10] as number) ^ 1;
    assert.equal(verifyToken(`${h}.${p}.${base64urlEncode(flipped)}`, jwks).kind, 'bad-signature');
  });

  it('a signature of the wrong length is refused before any arithmetic', () => {
    const sig = base64urlDecode(s) as Buffer;
    for (const wrong of [sig.subarray(1), Buffer.concat([Buffer.alloc(1), sig]), Buffer.alloc(0)]) {
      assert.equal(verifyToken(`${h}.${p}.${base64urlEncode(wrong)}`, { keys: [jwkA] }).kind, 'bad-signature');
    }
    // An ES256 signature in DER (what OpenSSL writes by default) is not JOSE's r‖s.
    const input = `${segment({ alg: 'ES256', kid: 'e' })}.${p}`;
    const der = sign('sha256', Buffer.from(input), keys.p256);
    const jwks = { keys: [publicJwk(keys.p256, 'e', 'ES256')] };
    assert.equal(verifyToken(`${input}.${base64urlEncode(der)}`, jwks).kind, 'bad-signature');
    const raw = sign('sha256', Buffer.from(input), { key: keys.p256, dsaEncoding: 'ieee-p1363' });
    assert.equal(verifyToken(`${input}.${base64urlEncode(raw)}`, jwks).kind, 'ok');
  });

  it('alg none, in any spelling, is refused even with an empty signature', () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${segment({ alg, typ: 'JWT' })}.${p}.`;
      assert.deepEqual(verifyToken(token, { keys: [jwkA] }), { kind: 'unsupported-alg', alg });
    }
  });

  it('HS256 signed with the RSA public key as the secret is refused (key confusion)', () => {
    const pem = keys.rsaA.export({ format: 'pem', type: 'pkcs1' });
    const publicPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' });
    for (const secret of [pem, publicPem, JSON.stringify(jwkA)]) {
      const token = forge({ alg: 'HS256', kid: 'a' }, claims, (input) => createHmac('sha256', secret).update(input).digest());
      assert.deepEqual(verifyToken(token, { keys: [jwkA] }), { kind: 'unsupported-alg', alg: 'HS256' });
    }
    for (const alg of ['HS384', 'HS512', 'PS256', 'EdDSA', 'RS1', 'rs256']) {
      const token = forge({ alg, kid: 'a' }, claims, rs256With(keys.rsaA));
      assert.deepEqual(verifyToken(token, { keys: [jwkA] }), { kind: 'unsupported-alg', alg });
    }
  });

  it('a key of another type or curve than the alg is never used (alg/key confusion)', () => {
    const ecToken = signJwt({ alg: 'ES256', kid: 'a', privateKey: keys.p256, claims });
    assert.equal(verifyToken(ecToken, { keys: [jwkA] }).kind, 'no-key');
    const p384Jwk = { ...publicJwk(keys.p384, 'e', 'ES384') };
    const es256 = signJwt({ alg: 'ES256', kid: 'e', privateKey: keys.p256, claims });
    assert.equal(verifyToken(es256, { keys: [p384Jwk] }).kind, 'no-key');
    // The JWK pins RS256; the same key under RS512 is not accepted.
    const rs512 = signJwt({ alg: 'RS512', kid: 'a', privateKey: keys.rsaA, claims });
    assert.equal(verifyToken(rs512, { keys: [jwkA] }).kind, 'no-key');
    const { alg: _pinned, ...unpinned } = jwkA;
    assert.equal(verifyToken(rs512, { keys: [unpinned] }).kind, 'ok');
    assert.equal(verifyToken(good, { keys: [{ ...jwkA, use: 'enc' }] }).kind, 'no-key');
    assert.equal(verifyToken(good, { keys: [{ ...jwkA, key_ops: ['encrypt'] }] }).kind, 'no-key');
    assert.equal(verifyToken(good, { keys: [{ ...jwkA, key_ops: ['verify'] }] }).kind, 'ok');
  });

  it('the wrong key: another key under the same kid is a bad signature, an unknown kid is no key', () => {
    assert.equal(verifyToken(good, { keys: [{ ...jwkB, kid: 'a' }] }).kind, 'bad-signature');
    assert.equal(verifyToken(good, { keys: [jwkB] }).kind, 'no-key');
    assert.equal(verifyToken(good, { keys: [] }).kind, 'no-key');
  });

  it('without kid, every key that fits the alg is tried', () => {
    const jwks = { keys: [publicJwk(keys.p256, 'e', 'ES256'), jwkA, jwkB] };
    const byB = forge({ alg: 'RS256', typ: 'JWT' }, claims, rs256With(keys.rsaB));
    assert.deepEqual(verifyToken(byB, jwks), { kind: 'ok', kid: 'b' });
    const byStranger = forge({ alg: 'RS256' }, claims, rs256With(keys.rsa3072));
    assert.deepEqual(verifyToken(byStranger, jwks), { kind: 'bad-signature', problem: 'the signature does not match any of 2 keys' });
    const es384 = forge({ alg: 'ES384' }, claims, (input) => sign('sha384', Buffer.from(input), { key: keys.p384, dsaEncoding: 'ieee-p1363' }));
    assert.equal(verifyToken(es384, jwks).kind, 'no-key');
  });

  it('a crit header is refused: no extension is understood', () => {
    const token = forge({ alg: 'RS256', kid: 'a', crit: ['b64'], b64: false }, claims, rs256With(keys.rsaA));
    assert.deepEqual(verifyToken(token, { keys: [jwkA] }), { kind: 'unsupported-header', member: 'crit' });
  });

  it('unreadable keys in the set are skipped, never thrown', () => {
    const broken: Jwk[] = [
      { kty: 'RSA', kid: 'a', n: 'not base64!', e: 'AQAB' },
      { kty: 'RSA', kid: 'a', e: 'AQAB' },
      { kty: 'RSA', kid: 'a', n: 12 as unknown as string, e: 'AQAB' },
      { kty: 'EC', kid: 'a', crv: 'P-256', x: 'AAAA', y: 'AAAA' },
      { kty: 'oct', kid: 'a' },
    ];
    assert.equal(verifyToken(good, { keys: broken }).kind, 'no-key');
    assert.equal(verifyToken(good, { keys: [...broken, jwkA] }).kind, 'ok');
  });
});

describe('parseJwt refuses malformed tokens with a reason', () => {
  const good = signJwt({ alg: 'ES256', kid: 'k', privateKey: keys.p256, claims });
  const [h, p, s] = good.split('.') as [string, string, string];
  const cases: readonly (readonly [string, string])[] = [
    ['', 'expected 3 dot-separated segments, found 1'],
    ['abc', 'expected 3 dot-separated segments, found 1'],
    [`${h}.${p}`, 'expected 3 dot-separated segments, found 2'],
    [`${good}.`, 'expected 3 dot-separated segments, found 4'],
    [`${h}.${p}.${s}.x.y`, 'encrypted tokens (JWE) are not supported'],
    [`.${p}.${s}`, 'header is empty'],
    [`${h}..${s}`, 'payload is empty'],
    [`${h}=.${p}.${s}`, 'header is not base64url'],
    [`${h}.${p}.${s}=`, 'signature is not base64url'],
    [`${h}.${p}.${s.replace(/[_-]/g, '+')}+`, 'signature is not base64url'],
    [`${h} .${p}.${s}`, 'header is not base64url'],
    [`${base64urlEncode('{"alg":')}.${p}.${s}`, 'header is not UTF-8 JSON'],
    [`${segment(['alg'])}.${p}.${s}`, 'header is not a JSON object'],
    [`${segment(null)}.${p}.${s}`, 'header is not a JSON object'],
    [`${segment({ typ: 'JWT' })}.${p}.${s}`, 'header has no `alg` string'],
    [`${segment({ alg: 256 })}.${p}.${s}`, 'header has no `alg` string'],
    [`${segment({ alg: '' })}.${p}.${s}`, 'header has no `alg` string'],
    [`${segment({ alg: 'ES256', kid: 7 })}.${p}.${s}`, 'header `kid` is not a string'],
    [`${segment({ alg: 'ES256', typ: ['JWT'] })}.${p}.${s}`, 'header `typ` is not a string'],
    [`${h}.${segment([claims])}.${s}`, 'payload is not a JSON object'],
    [`${h}.${segment('sub')}.${s}`, 'payload is not a JSON object'],
    [`${h}.${segment(42)}.${s}`, 'payload is not a JSON object'],
    [`${h}.${base64urlEncode(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))}.${s}`, 'payload is not UTF-8 JSON'],
    ['x'.repeat(MAX_JWT_CHARS + 1), `token is longer than ${MAX_JWT_CHARS} characters`],
    [`${h}.${p}.${s}${'A'.repeat(MAX_JWT_CHARS)}`, `token is longer than ${MAX_JWT_CHARS} characters`],
  ];
  for (const [token, problem] of cases) {
    it(problem + (token.length < 60 ? ` (${JSON.stringify(token)})` : ''), () => {
      assert.deepEqual(parseJwt(token), { kind: 'malformed', problem });
    });
  }

  it('large and deeply nested payloads under the limit parse and verify', () => {
    const big = { ...claims, blob: 'x'.repeat(40_000) };
    const token = signJwt({ alg: 'ES256', kid: 'k', privateKey: keys.p256, claims: big });
    assert.ok(token.length < MAX_JWT_CHARS);
    assert.equal(verifyToken(token, { keys: [publicJwk(keys.p256, 'k', 'ES256')] }).kind, 'ok');
    const depth = 20_000;
    const nested = `${h}.${base64urlEncode(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)}.${s}`;
    assert.ok(nested.length < MAX_JWT_CHARS);
    const outcome = parseJwt(nested);
    assert.ok(outcome.kind === 'ok' || outcome.kind === 'malformed');
  });

  it('no single-character change to a valid token verifies, and none throws', () => {
    const jwks = { keys: [publicJwk(keys.p256, 'k', 'ES256')] };
    const random = seededRandom('jwt-mutations');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    for (let i = 0; i < 3000; i++) {
      const [a, b] = random(2) as unknown as [number, number];
      const at = (a * 256 + b) % good.length;
      const ch = alphabet[(random(1)[0] as number) % alphabet.length] as string;
      if (ch === good[at]) continue;
      const mutated = good.slice(0, at) + ch + good.slice(at + 1);
      const outcome = parseJwt(mutated);
      if (outcome.kind === 'ok') assert.notEqual(verifyJwt(outcome, jwks).kind, 'ok', mutated);
    }
  });
});
