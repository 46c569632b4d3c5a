/**
 * What the lab keeps for the token issuers it plays (collection `oidc-issuers`): one signing key per issuer URL
 * and algorithm, the lab's EKS cluster id, and each account's outbound web identity federation state
 * (aws-federation.md §6.1). Private keys are stored as PKCS#8 PEM so tokens stay verifiable across restarts.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { InternalError } from '../../errors/aws-error.js';
import { isJwsAlgorithm, type JwsAlgorithm } from '../../federation/jwt/jose-algorithms.js';
import { publicJwk, type Jwk } from '../../federation/jwt/jwk.js';
import type { Json } from '../../store/port.js';

export const OIDC_ISSUERS_COLLECTION = 'oidc-issuers';

export interface SigningKey {
  readonly issuer: string;
  readonly alg: JwsAlgorithm;
  /** The RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: Jwk;
  /** Virtual epoch ms. */
  readonly createdMs: number;
}

export interface OutboundFederation {
  readonly account: string;
  /** The uuid-like first label of the account's issuer host, kept across disable and enable. */
  readonly issuerId: string;
  readonly enabled: boolean;
  /** Virtual epoch ms of the last enable or disable. */
  readonly changedMs: number;
}

export type OidcWrite =
  | { readonly kind: 'put-key'; readonly key: SigningKey }
  | { readonly kind: 'put-eks-cluster-id'; readonly id: string }
  | { readonly kind: 'put-outbound'; readonly record: OutboundFederation };

export const EKS_CLUSTER_ID_KEY = 'eks-cluster-id';
export const signingKeyKey = (issuer: string, alg: JwsAlgorithm): string => `key|${issuer}|${alg}`;
export const outboundKey = (account: string): string => `outbound|${account}`;

export function signingKeyToJson(key: SigningKey): Json {
  return {
    issuer: key.issuer,
    alg: key.alg,
    kid: key.kid,
    createdMs: key.createdMs,
    privateKeyPem: key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  };
}

export function signingKeyFromJson(value: Json): SigningKey {
  const { issuer, alg, kid, createdMs, privateKeyPem } = value as Record<string, Json>;
  if (typeof issuer !== 'string' || typeof alg !== 'string' || !isJwsAlgorithm(alg) || typeof kid !== 'string') {
    throw new InternalError('a stored OIDC signing key has no issuer, algorithm or kid');
  }
  const privateKey = createPrivateKey(privateKeyPem as string);
  return { issuer, alg, kid, createdMs: createdMs as number, privateKey, jwk: publicJwk(privateKey, kid, alg) };
}

export function outboundToJson(record: OutboundFederation): Json {
  return { ...record };
}

export function outboundFromJson(value: Json): OutboundFederation {
  return value as unknown as OutboundFederation;
}
