/**
 * Checks a parsed token's signature against a JWK set, the way AWS checks a web identity token against its
 * issuer's `jwks_uri` (aws-federation.md §2.2 step 4). The key is the one named by `kid`; without `kid`, every
 * key whose type, curve and declared `alg` fit the token's algorithm is tried. Refused outright: `alg: none`, the
 * HMAC family (so no public key is ever used as an HMAC secret), any algorithm outside RS/ES 256–512
 * (aws-federation.md §2.1), and a `crit` header (RFC 7515 §4.1.11: no extension is understood here).
 * Claims (`exp`, `aud`, `iss`) are not looked at: the caller judges them on the virtual clock.
 */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { base64urlDecode } from './base64url.js';
import { isJwsAlgorithm, JWS_ALGORITHMS, type JwsAlgorithm } from './jose-algorithms.js';
import type { Jwk, JwkSet } from './jwk.js';
import { keyFitsAlgorithm } from './key-fits-algorithm.js';
import type { ParsedJwt } from './parse-jwt.js';

export type VerifyJwtOutcome =
  | { readonly kind: 'ok'; readonly kid: string | undefined }
  | { readonly kind: 'unsupported-alg'; readonly alg: string }
  | { readonly kind: 'unsupported-header'; readonly member: 'crit' }
  | { readonly kind: 'no-key'; readonly problem: string }
  | { readonly kind: 'bad-signature'; readonly problem: string };

/** A JWKS is outside input too: past this many keys the rest are not looked at. */
const MAX_KEYS_TRIED = 100;

export function verifyJwt(parsed: ParsedJwt, jwks: JwkSet): VerifyJwtOutcome {
  const { header } = parsed;
  if (header['crit'] !== undefined) return { kind: 'unsupported-header', member: 'crit' };
  if (!isJwsAlgorithm(header.alg)) return { kind: 'unsupported-alg', alg: header.alg };
  const alg = header.alg;

  const named = header.kid === undefined ? jwks.keys : jwks.keys.filter((jwk) => jwk.kid === header.kid);
  if (named.length === 0) return { kind: 'no-key', problem: `no key has kid \`${header.kid ?? ''}\`` };
  const candidates = named.slice(0, MAX_KEYS_TRIED).filter((jwk) => jwkFitsAlgorithm(jwk, alg));
  if (candidates.length === 0) {
    return { kind: 'no-key', problem: `no ${header.kid === undefined ? '' : `\`${header.kid}\` `}key fits alg ${alg}` };
  }

  let usable = 0;
  for (const jwk of candidates) {
    const key = importJwk(jwk);
    if (key === undefined || !keyFitsAlgorithm(key, alg)) continue;
    usable++;
    if (signatureMatches(parsed, key, alg)) return { kind: 'ok', kid: jwk.kid };
  }
  return usable === 0
    ? { kind: 'no-key', problem: 'no key in the set could be read' }
    : { kind: 'bad-signature', problem: `the signature does not match ${usable === 1 ? 'the key' : `any of ${usable} keys`}` };
}

/** What the JWK itself declares: type and curve, and — when present — `alg`, `use` and `key_ops` (RFC 7517 §4). */
function jwkFitsAlgorithm(jwk: Jwk, alg: JwsAlgorithm): boolean {
  const spec = JWS_ALGORITHMS[alg];
  if (jwk.kty !== spec.kty) return false;
  if (spec.kty === 'EC' && jwk.crv !== spec.crv) return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return false;
  return true;
}

/** Imported keys, remembered per JWK object: the lab's own sets are long-lived objects. */
const imported = new WeakMap<Jwk, KeyObject | null>();

function importJwk(jwk: Jwk): KeyObject | undefined {
  let key = imported.get(jwk);
  if (key === undefined) {
    // Only the public members, and only strings: a JWK that also carries `d` must not become a private key here.
    const names = jwk.kty === 'RSA' ? (['n', 'e'] as const) : (['crv', 'x', 'y'] as const);
    const pub: Record<string, string> = { kty: jwk.kty };
    for (const name of names) {
      const value: unknown = jwk[name];
      // Node reads JWK members with a lenient base64 decoder that skips stray characters; hold them to base64url.
      if (typeof value === 'string' && (name === 'crv' || base64urlDecode(value) !== undefined)) pub[name] = value;
    }
    try {
      key = Object.keys(pub).length === names.length + 1 ? createPublicKey({ key: pub, format: 'jwk' }) : null;
    } catch {
      key = null;
    }
    imported.set(jwk, key);
  }
  return key ?? undefined;
}

function signatureMatches(parsed: ParsedJwt, key: KeyObject, alg: JwsAlgorithm): boolean {
  const spec = JWS_ALGORITHMS[alg];
  const data = Buffer.from(parsed.signingInput);
  try {
    if (spec.kty === 'EC') {
      if (parsed.signature.length !== spec.signatureBytes) return false;
      return verify(spec.hash, data, { key, dsaEncoding: 'ieee-p1363' }, parsed.signature);
    }
    // An RSA signature is exactly as long as the modulus (RFC 8017 §8.2.2 step 1).
    const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (parsed.signature.length !== Math.ceil(modulusBits / 8)) return false;
    return verify(spec.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, parsed.signature);
  } catch {
    return false;
  }
}
