/**
 * An issuer's OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3), as AWS reads it before
 * fetching `jwks_uri` (aws-federation.md §2.2 step 4). The lab serves it under the admin API, so `jwks_uri` is
 * the lab's own URL for the issuer's keys, not the issuer's host.
 */
import type { JwkSet } from '../../federation/jwt/jwk.js';
import type { Json } from '../../store/port.js';

export function discoveryDocument(issuer: string, jwksUri: string, jwks: JwkSet): Json {
  const algs = [...new Set(jwks.keys.map((key) => key.alg).filter((alg): alg is string => alg !== undefined))];
  return {
    issuer,
    jwks_uri: jwksUri,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algs,
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'],
  };
}
