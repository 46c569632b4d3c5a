/**
 * JSON Web Keys (RFC 7517) as a JWKS document carries them, and the export of the lab's own public keys in that
 * form. Members are read loosely (a JWKS is outside input); `verifyJwt` decides which keys are usable.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { InternalError } from '../../errors/aws-error.js';
import { JWS_ALGORITHMS, type JwsAlgorithm } from './jose-algorithms.js';

export interface Jwk {
  readonly kty: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly key_ops?: readonly string[];
  /** RSA modulus and exponent (base64url, RFC 7518 §6.3). */
  readonly n?: string;
  readonly e?: string;
  /** EC curve and point (RFC 7518 §6.2). */
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
}

export interface JwkSet {
  readonly keys: readonly Jwk[];
}

/**
 * The public half of a signing key as a JWK with `kid`, `alg` and `use: sig` — what a discovery document's
 * `jwks_uri` serves. The private members (`d`, `p`, …) are never included, whichever half is given.
 */
export function publicJwk(key: KeyObject, kid: string, alg: JwsAlgorithm): Jwk {
  const exported = createPublicKey(key).export({ format: 'jwk' });
  const want = JWS_ALGORITHMS[alg];
  if (exported.kty !== want.kty || (want.kty === 'EC' && exported.crv !== want.crv)) {
    throw new InternalError(`a ${exported.kty ?? 'unknown'} ${exported.crv ?? ''} key cannot carry alg ${alg}`);
  }
  return exported.kty === 'RSA'
    ? { kty: 'RSA', use: 'sig', kid, alg, n: exported.n as string, e: exported.e as string }
    : { kty: 'EC', use: 'sig', kid, alg, crv: exported.crv as string, x: exported.x as string, y: exported.y as string };
}

/**
 * The RFC 7638 thumbprint of a public JWK: base64url SHA-256 over its required members in lexical order with no
 * whitespace. The lab uses it as `kid`, so a key's id follows from the key itself.
 */
export function jwkThumbprint(jwk: Jwk): string {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
