/**
 * What refusing the worst input costs: the CPU time AssumeRoleWithSAML's check (base64 → XML → signatures) and
 * AssumeRoleWithWebIdentity's (JWT → provider → signature → claims) spend on hostile input of the largest size
 * STS takes — a 100,000-character `SAMLAssertion`, a 20,000-character `WebIdentityToken` — shaped to find any
 * path that is worse than linear: namespace declarations by the thousand under deep nesting, 255 attributes per
 * element, a signature whose digest needs the whole document canonicalised, thousands of audiences. Both
 * operations are unsigned: anyone can send these. Measured in-process, warm, the least of several runs.
 */
import { generateKeyPairSync } from 'node:crypto';
import { publicJwk } from '../src/federation/jwt/jwk.js';
import { signJwt } from '../src/federation/jwt/sign-jwt.js';
import { verifySamlResponse } from '../src/federation/saml/verify-saml-response.js';
import { checkWebIdentityToken } from '../src/services/sts/web-identity-token.js';
import { OPENSSL_RSA2048_CERTIFICATE } from '../test/federation/saml-fixtures.js';

export const MAX_SAML_ASSERTION_CHARS = 100_000;
export const MAX_WEB_IDENTITY_TOKEN_CHARS = 20_000;

interface RefusalCost {
  readonly name: string;
  readonly chars: number;
  /** User + system CPU time of the check, the least of the runs. */
  readonly cpuMs: number;
  /** What the check answered (its kind), to show the input was refused for the reason intended. */
  readonly outcome: string;
}

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`;
/** A signature of the right shape over the Response: its digest makes the verifier canonicalise everything. */
const SIGNATURE =
  `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
  `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_r"><ds:Transforms>` +
  `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
  `</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>` +
  `</ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;

/** The base64 of `head + unit × n + tail` with the largest n that stays within the limit. */
function fitBase64(head: string, unit: string, tail: string, limit = MAX_SAML_ASSERTION_CHARS): string {
  const room = Math.floor((limit / 4) * 3) - Buffer.byteLength(head + tail);
  return Buffer.from(head + unit.repeat(Math.max(0, Math.floor(room / Buffer.byteLength(unit)))) + tail).toString('base64');
}

/** `levels` nested elements, each declaring and using `perLevel` prefixes of its own. */
function declaringLevels(levels: number, perLevel: number): { open: string; close: string } {
  let open = '';
  let close = '';
  for (let d = 0; d < levels; d++) {
    const attributes = Array.from({ length: perLevel }, (_, i) => ` xmlns:p${d}x${i}="urn:${d}:${i}" p${d}x${i}:a="1"`).join('');
    open += `<n${d}${attributes}>`;
    close = `</n${d}>${close}`;
  }
  return { open, close };
}

function samlCases(): [string, string][] {
  const response = `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_r" Version="2.0">`;
  const signedHead = `${response}${SIGNATURE}${SUCCESS}<saml:Assertion ID="_a" Version="2.0"/>`;
  const levels = declaringLevels(25, 40);
  const attributes = `<x${Array.from({ length: 255 }, (_, i) => ` a${i}="1"`).join('')}/>`;
  return [
    [
      'namespace declarations under deep nesting, canonicalised',
      fitBase64(`${signedHead}${levels.open}`, '<y xmlns:q="urn:q" q:a="1"/>', `${levels.close}</samlp:Response>`),
    ],
    ['namespace declarations under deep nesting, not closed', fitBase64(`${response}${levels.open}`, '<y xmlns:q="urn:q"/>', '')],
    ['255 attributes on every element', fitBase64(response, attributes, '</samlp:Response>')],
    [
      '255 namespace declarations on every element',
      fitBase64(response, `<x${Array.from({ length: 255 }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join('')}/>`, '</samlp:Response>'),
    ],
    ['empty elements, canonicalised', fitBase64(`${signedHead}`, '<x/>', '</samlp:Response>')],
    ['31 deep, then siblings', fitBase64(`${response}${'<a>'.repeat(29)}`, '<b/>', '')],
    ['text with references', fitBase64(response, '&amp;&#x41;', '</samlp:Response>')],
    ['comments between text', fitBase64(response, 'a<!---->', '</samlp:Response>')],
    ['an unterminated reference', fitBase64(response, '&', '')],
    ['line breaks, then an error', fitBase64('', '\n', '<')],
    ['base64 with line breaks', 'QUFB\n'.repeat(MAX_SAML_ASSERTION_CHARS / 5)],
    ['not base64 at the very end', `${'A'.repeat(MAX_SAML_ASSERTION_CHARS - 1)}!`],
  ];
}

const ISSUER = 'https://cost.example.com';

/** `[[[…]]]` `depth` deep, written as text. */
const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

function jwtCases(): { cases: [string, string][]; check: (token: string) => string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = { keys: [...Array.from({ length: 99 }, (_, i) => publicJwk(privateKey, `other-${i}`, 'RS256')), publicJwk(privateKey, 'k', 'RS256')] };
  const clientIds = Array.from({ length: 100 }, (_, i) => `client-${i}`);
  const provider = {
    arn: 'arn:aws:iam::123456789012:oidc-provider/cost.example.com',
    url: ISSUER,
    account: '123456789012',
    clientIds,
    thumbprints: [],
    createdMs: 0,
    tags: [],
  };
  const lookups = { provider: () => provider, keys: () => keys };
  const b64 = (text: string): string => Buffer.from(text).toString('base64url');
  const header = b64(JSON.stringify({ alg: 'RS256', kid: 'k' }));
  const fit = (make: (n: number) => string): string => {
    let low = 0;
    let high = MAX_WEB_IDENTITY_TOKEN_CHARS;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (make(mid).length <= MAX_WEB_IDENTITY_TOKEN_CHARS) low = mid;
      else high = mid - 1;
    }
    return make(low);
  };
  const signed = (claims: Record<string, unknown>): string => signJwt({ alg: 'RS256', kid: 'k', privateKey, claims });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const cases: [string, string][] = [
    [
      'thousands of one-character audiences',
      fit(
        (n) => `${header}.${b64(JSON.stringify({ iss: ISSUER, aud: Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))) }))}.AAAA`,
      ),
    ],
    [
      'a kid of 15,000 characters among 100 keys',
      fit((n) => `${b64(JSON.stringify({ alg: 'RS256', kid: 'k'.repeat(n) }))}.${b64(JSON.stringify({ iss: ISSUER, aud: 'client-99' }))}.AAAA`),
    ],
    ['deeply nested claims', fit((n) => `${header}.${b64(`{"iss":"${ISSUER}","x":${nestedArrays(n)}}`)}.AAAA`)],
    [
      'many claims, signed',
      fit((n) => signed({ iss: ISSUER, aud: 'client-99', sub: 's', exp, ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, i])) })),
    ],
    ['dots', '.'.repeat(MAX_WEB_IDENTITY_TOKEN_CHARS)],
    ['not base64url at the very end', `${header}.${'A'.repeat(MAX_WEB_IDENTITY_TOKEN_CHARS - header.length - 3)}.!`],
    ['a huge signature', fit((n) => `${header}.${b64(JSON.stringify({ iss: ISSUER, aud: 'client-0' }))}.${'A'.repeat(n)}`)],
  ];
  return { cases, check: (token) => checkWebIdentityToken(token, lookups, Date.now()).kind };
}

function leastCpuMs(run: () => string, runs: number): { cpuMs: number; outcome: string } {
  // A serving lab has compiled these paths long since: a few runs first, unmeasured.
  let outcome = run();
  for (let i = 0; i < 3; i++) outcome = run();
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    outcome = run();
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return { cpuMs: least, outcome };
}

export function refusalCosts(runs = 8): RefusalCost[] {
  const costs: RefusalCost[] = [];
  for (const [name, assertion] of samlCases()) {
    // A provider's certificate to check signatures with, as AssumeRoleWithSAML has.
    const { cpuMs, outcome } = leastCpuMs(() => verifySamlResponse(assertion, [OPENSSL_RSA2048_CERTIFICATE]).kind, runs);
    costs.push({ name: `SAML: ${name}`, chars: assertion.length, cpuMs, outcome });
  }
  const jwt = jwtCases();
  for (const [name, token] of jwt.cases) {
    const { cpuMs, outcome } = leastCpuMs(() => jwt.check(token), runs);
    costs.push({ name: `JWT: ${name}`, chars: token.length, cpuMs, outcome });
  }
  return costs;
}
