/**
 * The token STS GetWebIdentityToken vends (aws-federation.md §6.2; IAM-UG id_roles_providers_outbound_token_claims):
 * `iss` the account's issuer, `aud` (a string for one audience, as in AWS's sample, else an array [U]), `sub` the
 * caller's IAM principal ARN, `iat`, `exp`, `jti`, and under `https://sts.amazonaws.com/` the account, the
 * region, the principal's tags, the request's tags and the session's source (EC2 instance [U: claim name]).
 * No `nbf`: AWS's sample has none. Signed with the account's key for the requested algorithm.
 */
import type { Json } from '../../store/port.js';
import { signJwt } from '../../federation/jwt/sign-jwt.js';
import type { IdSource } from '../../ids/id-source.js';
import { outboundIssuerUrl } from './issuer-url.js';
import type { OidcIssuers } from './oidc-issuers-state.js';
import { uuidV4 } from '../../lib/uuid.js';

const OUTBOUND_CLAIMS_NAMESPACE = 'https://sts.amazonaws.com/';

/** [U] AWS's limit is not documented; 8 KiB of claims is far above any token without many request tags. */
const MAX_PAYLOAD_BYTES = 8192;

interface OutboundTokenRequest {
  readonly account: string;
  readonly region: string;
  readonly subject: string;
  readonly audience: readonly string[];
  readonly alg: 'RS256' | 'ES384';
  readonly durationSeconds: number;
  readonly nowMs: number;
  readonly principalTags: Readonly<Record<string, string>>;
  readonly requestTags: Readonly<Record<string, string>>;
  readonly ec2InstanceArn: string | undefined;
}

type OutboundTokenOutcome =
  { readonly kind: 'ok'; readonly token: string; readonly expirationMs: number } | { readonly kind: 'disabled' } | { readonly kind: 'too-large' };

export async function issueOutboundToken(issuers: OidcIssuers, ids: IdSource, request: OutboundTokenRequest): Promise<OutboundTokenOutcome> {
  const record = issuers.outboundFederation(request.account);
  if (record?.enabled !== true) return { kind: 'disabled' };
  const iat = Math.floor(request.nowMs / 1000);
  const exp = iat + request.durationSeconds;
  const context: Record<string, Json> = {
    aws_account: request.account,
    source_region: request.region,
    ...(Object.keys(request.principalTags).length === 0 ? {} : { principal_tags: { ...request.principalTags } }),
    ...(request.ec2InstanceArn === undefined ? {} : { ec2_source_instance_arn: request.ec2InstanceArn }),
    ...(Object.keys(request.requestTags).length === 0 ? {} : { request_tags: { ...request.requestTags } }),
  };
  const issuer = outboundIssuerUrl(record.issuerId);
  const claims: Record<string, Json> = {
    iss: issuer,
    aud: request.audience.length === 1 ? (request.audience[0] as string) : [...request.audience],
    sub: request.subject,
    iat,
    exp,
    jti: uuidV4(Buffer.from(ids.hex(32), 'hex')),
    [OUTBOUND_CLAIMS_NAMESPACE]: context,
  };
  if (Buffer.byteLength(JSON.stringify(claims)) > MAX_PAYLOAD_BYTES) return { kind: 'too-large' };
  const key = await issuers.signingKey(issuer, request.alg, request.nowMs);
  const token = signJwt({ alg: request.alg, kid: key.kid, privateKey: key.privateKey, claims, typ: 'JWT' });
  return { kind: 'ok', token, expirationMs: exp * 1000 };
}
