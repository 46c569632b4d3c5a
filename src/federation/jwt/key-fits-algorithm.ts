/**
 * Whether a key object can sign or verify with a JWS algorithm: RSA (PKCS#1 v1.5, not RSA-PSS) for RS*, and for
 * ES* an EC key on the one curve the algorithm names (RFC 7518 §3.4). Checked on both sides, so an RSA key is
 * never used with an ES algorithm nor a P-256 key with ES384.
 */
import type { KeyObject } from 'node:crypto';
import { JWS_ALGORITHMS, type JwsAlgorithm } from './jose-algorithms.js';

/** OpenSSL's names for the JOSE curves. */
const OPENSSL_CURVES: Readonly<Record<string, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

export function keyFitsAlgorithm(key: KeyObject, alg: JwsAlgorithm): boolean {
  const want = JWS_ALGORITHMS[alg];
  if (want.kty === 'RSA') return key.asymmetricKeyType === 'rsa';
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === OPENSSL_CURVES[want.crv];
}
