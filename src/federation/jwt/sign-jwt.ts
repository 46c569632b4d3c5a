/**
 * Signs claims as a compact JWS (RFC 7515 §7.1) with one of the algorithms AWS accepts. ES signatures are JOSE's
 * raw r‖s (RFC 7518 §3.4, `dsaEncoding: 'ieee-p1363'`), not DER. The header carries `alg`, `kid` and, when given,
 * `typ` (GitHub's tokens say `JWT`; Kubernetes' projected tokens carry none, aws-federation.md §2.7–2.8).
 */
import { constants, sign, type KeyObject } from 'node:crypto';
import { InternalError } from '../../errors/aws-error.js';
import { base64urlEncode } from './base64url.js';
import { JWS_ALGORITHMS, type JwsAlgorithm } from './jose-algorithms.js';
import { keyFitsAlgorithm } from './key-fits-algorithm.js';
import type { JwtClaims } from './parse-jwt.js';

interface SignJwtInput {
  readonly alg: JwsAlgorithm;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly claims: JwtClaims;
  readonly typ?: string;
}

export function signJwt(input: SignJwtInput): string {
  const { alg, kid, privateKey, claims } = input;
  if (privateKey.type !== 'private' || !keyFitsAlgorithm(privateKey, alg)) {
    throw new InternalError(`key ${kid} (${privateKey.type} ${privateKey.asymmetricKeyType ?? ''}) cannot sign ${alg}`);
  }
  const header = input.typ === undefined ? { alg, kid } : { alg, typ: input.typ, kid };
  const signingInput = `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(JSON.stringify(claims))}`;
  const spec = JWS_ALGORITHMS[alg];
  const signature =
    spec.kty === 'RSA'
      ? sign(spec.hash, Buffer.from(signingInput), { key: privateKey, padding: constants.RSA_PKCS1_PADDING })
      : sign(spec.hash, Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64urlEncode(signature)}`;
}
