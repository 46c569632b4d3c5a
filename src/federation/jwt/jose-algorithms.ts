/**
 * The JWS algorithms the lab signs and verifies: exactly those AWS accepts in a web identity token, RS256/384/512
 * and ES256/384/512 (aws-federation.md §2.1, model doc of `WebIdentityToken`). `none`, the HMAC family and
 * anything else are refused by name, so a token can never pick a weaker check than the key's own.
 */
export type JwsAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512';

interface RsaAlgorithm {
  readonly kty: 'RSA';
  readonly hash: 'sha256' | 'sha384' | 'sha512';
}

interface EcAlgorithm {
  readonly kty: 'EC';
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  /** The one curve RFC 7518 §3.4 pairs with the algorithm. */
  readonly crv: 'P-256' | 'P-384' | 'P-521';
  /** Length of the JOSE signature, r‖s each padded to the curve's byte size (RFC 7518 §3.4). */
  readonly signatureBytes: number;
}

export const JWS_ALGORITHMS: Readonly<Record<JwsAlgorithm, RsaAlgorithm | EcAlgorithm>> = {
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  ES256: { kty: 'EC', hash: 'sha256', crv: 'P-256', signatureBytes: 64 },
  ES384: { kty: 'EC', hash: 'sha384', crv: 'P-384', signatureBytes: 96 },
  ES512: { kty: 'EC', hash: 'sha512', crv: 'P-521', signatureBytes: 132 },
};

export function isJwsAlgorithm(alg: string): alg is JwsAlgorithm {
  return Object.hasOwn(JWS_ALGORITHMS, alg);
}
