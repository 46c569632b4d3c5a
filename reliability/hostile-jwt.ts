/**
 * Hostile web identity tokens for the fuzzer: garbage that is not a JWT, JWTs with odd headers and claims
 * (`alg: none`, HS256 keyed with the issuer's public key, `crit`, `kid` tricks, numbers as strings, `exp` as a
 * float, huge or negative, `aud` of every JSON type, huge and deeply nested claims, the session tags claim in
 * odd shapes), and tokens the lab's own issuers signed with one part tampered. `hostileClaims` gives claims for
 * the lab to sign (`POST /_iamlab/oidc/token`), so that odd values also reach the checks after the signature.
 */
import { createHmac } from 'node:crypto';
import type { Random } from './lab-process.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the lab gave at the start: tokens it signed, and its issuers' public JWKs (as JSON text). */
export interface JwtSeeds {
  readonly tokens: readonly string[];
  readonly publicJwks: readonly string[];
}

const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const segment = (value: unknown): string => b64(JSON.stringify(value));

function decoded(part: string | undefined): Record<string, Json> {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : {};
  } catch {
    return {};
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` `depth` deep, written as text (building it as a value would recurse). */
export function nestedJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const ODD_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  'a\u0001b',
  '\ud800',
  '\uffff',
  '😀',
  'a\r\nb',
  '<x>&amp;',
  ']]>',
  'x'.repeat(70_000),
  '%00',
  '../../etc/passwd',
];

function oddScalar(r: Random): Json {
  return r.pick<Json>([
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e300,
    -1e300,
    2 ** 53 + 2,
    1e21,
    '1700000000',
    '9999999999',
    'NaN',
    '1e309',
    '',
    r.pick(ODD_STRINGS),
    [],
    {},
    ['a', 1],
  ]);
}

/** A value for `exp`, `nbf` or `iat`: floats, huge, negative, strings of digits, other types. */
function oddTime(r: Random, now: number): Json {
  return r.pick<Json>([
    now + 600.5,
    now + 3600,
    now - 3600,
    now + 1e12,
    1e300,
    -1e300,
    -1,
    0,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    String(now + 3600),
    null,
    true,
    [now + 3600],
    { value: now },
    1e21,
    -0.5,
  ]);
}

function oddAudience(r: Random, real: Json | undefined): Json {
  return r.pick<Json>([
    real ?? 'fuzz-client',
    [real ?? 'fuzz-client'],
    [],
    [''],
    '',
    1,
    null,
    true,
    {},
    { aud: real ?? 'x' },
    [1, 2],
    [real ?? 'fuzz-client', 1],
    [[real ?? 'fuzz-client']],
    Array.from({ length: 5000 }, (_, i) => `aud-${i}`),
    'x'.repeat(20_000),
    r.pick(ODD_STRINGS),
  ]);
}

const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

function oddTags(r: Random): Json {
  const key = r.pick(['Project', '', 'aws:x', 'a'.repeat(200), 'a\u0000b', '__proto__', 'constructor', 'toString', '😀', 'k=v', 'A b']);
  const value = r.pick(['Automation', '', 'v'.repeat(300), 'a\u0001b', '\ud800']);
  return r.pick<Json>([
    { principal_tags: { [key]: [value] }, transitive_tag_keys: [key] },
    { principal_tags: { [key]: value } },
    { principal_tags: { [key]: [value, value] } },
    { principal_tags: { [key]: [] } },
    { principal_tags: { [key]: [1] } },
    { principal_tags: { [key]: [[value]] } },
    { principal_tags: [key, value] },
    { principal_tags: null },
    { principal_tags: { Project: ['a'] }, transitive_tag_keys: 'Project' },
    { principal_tags: { Project: ['a'] }, transitive_tag_keys: [1] },
    { principal_tags: { Project: ['a'] }, transitive_tag_keys: ['Missing'] },
    { principal_tags: { project: ['a'], PROJECT: ['b'] } },
    { principal_tags: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, [`v${i}`]])) },
    { principal_tags: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, ['x'.repeat(256)]])) },
    [],
    'tags',
    null,
    {},
  ]);
}

/** Claims to sign (or to send unsigned) with odd values in one or several places. */
export function hostileClaims(r: Random, base: Record<string, Json>, nowSeconds: number): Record<string, Json> {
  const claims: Record<string, Json> = { ...base };
  for (let n = 1 + r.int(3); n > 0; n--) {
    switch (r.int(14)) {
      case 0:
        claims['exp'] = oddTime(r, nowSeconds);
        break;
      case 1:
        claims[r.pick(['nbf', 'iat'])] = oddTime(r, nowSeconds);
        break;
      case 2:
        claims['aud'] = oddAudience(r, base['aud']);
        break;
      case 3:
        claims['sub'] = r.chance(0.5) ? oddScalar(r) : r.pick(ODD_STRINGS);
        break;
      case 4:
        {
          const iss = typeof base['iss'] === 'string' ? base['iss'] : 'https://x';
          claims['iss'] = r.pick<Json>([`${iss}/`, iss.toUpperCase(), iss.replace('https://', 'http://'), 1, null, [iss], '']);
        }
        break;
      case 5:
        claims[TAGS_CLAIM] = oddTags(r);
        break;
      case 6:
        claims[SOURCE_IDENTITY_CLAIM] = r.pick<Json>(['ok-name', 'aws:x', 'a', 'x'.repeat(100), 'a b', 1, null, ['x'], r.pick(ODD_STRINGS)]);
        break;
      case 7:
        claims[r.pick(['amr', 'azp', 'email'])] = r.chance(0.5) ? oddScalar(r) : ['a', r.pick(ODD_STRINGS)];
        break;
      case 8:
        for (let i = r.pick([200, 2000]); i > 0; i--) claims[`claim${i}`] = `value${i}`;
        break;
      case 9:
        claims['nested'] = JSON.parse(nestedJson(r.pick([50, 500, 2000]), 'object')) as Json;
        break;
      case 10:
        claims[r.pick(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])] = r.pick<Json>([{ polluted: 'yes' }, 'x', null]);
        break;
      case 11:
        delete claims[r.pick(['iss', 'aud', 'sub', 'exp'])];
        break;
      case 12:
        // GitHub's trust claims, odd.
        claims[r.pick(['repository', 'ref', 'job_workflow_ref', 'actor', 'environment'])] = r.chance(0.5) ? oddScalar(r) : r.pick(ODD_STRINGS);
        break;
      default:
        claims[r.pick(ODD_STRINGS).slice(0, 200)] = oddScalar(r);
    }
  }
  return claims;
}

function oddHeader(r: Random, header: Record<string, Json>): Record<string, Json> {
  const out = { ...header };
  switch (r.int(9)) {
    case 0:
      out['alg'] = r.pick<Json>(['none', 'None', 'HS256', 'PS256', 'RS1', 'rs256', 'ES256K', 'EdDSA', '', 1, null, ['RS256']]);
      break;
    case 1:
      out['crit'] = r.pick<Json>([['exp'], [], ['b64'], 'exp', null]);
      if (r.chance(0.5)) out['b64'] = false;
      break;
    case 2:
      out['kid'] = r.pick<Json>(['', 'unknown', '../../../../dev/null', "' OR 1=1 --", 'x'.repeat(10_000), 1, null, {}, ['a'], 'a\u0000b']);
      break;
    case 3:
      delete out['kid'];
      break;
    case 4:
      out['typ'] = r.pick<Json>(['JWT', 'at+jwt', '', 1, null, 'JOSE+JSON']);
      break;
    case 5:
      out['jwk'] = { kty: 'RSA', n: 'AQAB', e: 'AQAB' };
      out['jku'] = 'https://attacker.example/jwks.json';
      out['x5u'] = 'https://attacker.example/cert.pem';
      break;
    case 6:
      out['alg'] = 'ES256';
      break;
    case 7:
      out['zip'] = 'DEF';
      out['enc'] = 'A256GCM';
      break;
    default:
      out['__proto__'] = { alg: 'none' };
  }
  return out;
}

/** Garbage that is at most shaped like a JWT. */
function garbage(r: Random, token: string): string {
  const [h = '', p = '', s = ''] = token.split('.');
  return r.pick([
    '',
    '.',
    '..',
    '...',
    'a.b.c',
    'a.b.c.d.e',
    `${h}.${p}.${s}.${s}.${s}`,
    `${h}.${p}`,
    `${h}..${s}`,
    `.${p}.${s}`,
    `${h}.${p}.`,
    `${h}==.${p}.${s}`,
    `${h}.${p}.${s}=`,
    `${h}.${p.replace(/-/g, '+').replace(/_/g, '/')}.${s}`,
    `${h}.${p}.${s}`.replace(/^(.)/, '$1 '),
    ` ${token}`,
    `${token}\n`,
    `Bearer ${token}`,
    `${h}.${p}x.${s}`,
    `${h}.${p}.${s}x`,
    'eyJhbGciOiJub25lIn0.e30.',
    '.'.repeat(r.pick([100, 19_997])),
    'A'.repeat(r.pick([19_999, 20_000, 20_001, 65_537])),
    `${h}.${'A'.repeat(20_000 - h.length - s.length - 2)}.${s}`,
    `${h}.${b64('x'.repeat(r.pick([14_000, 50_000])))}.${s}`,
    r.pick(ODD_STRINGS),
  ]);
}

/** Raw segment bytes that are not a JSON object, or JSON only a lenient reader takes. */
function oddSegment(r: Random): string {
  return r.pick([
    b64(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])),
    b64(Buffer.from([0xc3, 0x28])),
    b64('\uFEFF{"alg":"RS256"}'),
    b64('{"alg":"RS256",}'),
    b64('{"alg":"RS256"'),
    b64('null'),
    b64('[]'),
    b64('"RS256"'),
    b64('1'),
    b64('{"alg":"RS256","alg":"none"}'),
    b64('{"alg":"RS256","exp":1e999}'),
    b64('{"alg":"RS256","exp":-0}'),
    b64(nestedJson(r.pick([1000, 5000]), 'array')),
    b64(`{"a":${nestedJson(r.pick([1000, 5000]), 'object')}}`),
    b64('{"alg":"\\ud800"}'),
    b64(' {"alg":"RS256"} '),
    'e30',
    'e30=',
    'e31',
    'e3',
    '!!!!',
  ]);
}

/** Flips one character of the text to another base64url character. */
function flip(r: Random, text: string): string {
  if (text === '') return text;
  const at = r.int(text.length);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  return text.slice(0, at) + r.pick([...alphabet]) + text.slice(at + 1);
}

/** A JWT to send as `WebIdentityToken` (or as a pod's service-account token). */
export function hostileJwt(r: Random, seeds: JwtSeeds, nowSeconds: number): string {
  const token = seeds.tokens.length > 0 ? r.pick(seeds.tokens) : `${segment({ alg: 'RS256' })}.${segment({})}.`;
  const [h = '', p = '', s = ''] = token.split('.');
  const header = decoded(h);
  const payload = decoded(p);
  switch (r.int(10)) {
    case 0:
      return garbage(r, token);
    case 1:
      return flip(r, token);
    case 2:
      return `${segment(oddHeader(r, header))}.${p}.${s}`;
    case 3:
      return `${h}.${segment(hostileClaims(r, payload, nowSeconds))}.${s}`;
    case 4:
      return `${segment({ ...header, alg: r.pick(['none', 'None', 'NONE']) })}.${r.chance(0.5) ? p : segment(hostileClaims(r, payload, nowSeconds))}.${r.pick(['', s])}`;
    case 5: {
      // Key confusion: HS256 keyed with the issuer's public key, as a verifier that trusts `alg` would check it.
      const secret = seeds.publicJwks.length > 0 ? r.pick(seeds.publicJwks) : 'secret';
      const head = segment({ ...header, alg: r.pick(['HS256', 'HS384', 'HS512']) });
      const body = r.chance(0.5) ? p : segment(hostileClaims(r, payload, nowSeconds));
      return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
    }
    case 6:
      return r.pick([`${oddSegment(r)}.${p}.${s}`, `${h}.${oddSegment(r)}.${s}`, `${h}.${p}.${oddSegment(r)}`]);
    case 7:
      // Parts of two tokens, or a payload signed for another header.
      return `${h}.${r.pick(seeds.tokens.length > 0 ? seeds.tokens : [token]).split('.')[1] ?? ''}.${s}`;
    case 8:
      return `${h}.${p}.${r.pick(['', 'AAAA', s.slice(0, -4), `${s}AAAA`, b64(Buffer.alloc(256)), b64(Buffer.alloc(64)), s.toUpperCase()])}`;
    default:
      return token;
  }
}
