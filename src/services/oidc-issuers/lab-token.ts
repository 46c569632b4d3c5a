/**
 * Tokens from the issuers the lab plays (`iamlab oidc token`, `POST /_iamlab/oidc/token`): a preset (`github`,
 * `eks`) or any https issuer URL, signed with that issuer's key (made on first use). Times are the virtual
 * clock's (design.md "Time"): `iat` and `nbf` now, `exp` after the lifetime; `jti` is random; the header names
 * the key by `kid`. The caller's claims go last and win, so a test can make any token it needs.
 */
import type { JwsAlgorithm } from '../../federation/jwt/jose-algorithms.js';
import { signJwt } from '../../federation/jwt/sign-jwt.js';
import type { IdSource } from '../../ids/id-source.js';
import type { Json } from '../../store/port.js';
import { EKS_DEFAULT_AUDIENCE, EKS_DEFAULT_REGION, EKS_DEFAULT_SUB, eksClaims, eksIssuerUrl, isRegion } from './eks-claims.js';
import { GITHUB_DEFAULT_AUDIENCE, GITHUB_ISSUER, githubClaims } from './github-claims.js';
import { issuerUrlProblem } from './issuer-url.js';
import type { OidcIssuers } from './oidc-issuers-state.js';
import { uuidV4 } from '../../lib/uuid.js';

export interface LabTokenRequest {
  /** `github`, `eks`, or an https issuer URL. */
  readonly issuer: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly claims?: Readonly<Record<string, Json>>;
  readonly expiresInSeconds?: number;
  readonly alg?: JwsAlgorithm;
  /** For `eks`: the cluster's region (default us-east-1). */
  readonly region?: string;
}

type LabTokenOutcome =
  | {
      readonly kind: 'ok';
      readonly token: string;
      readonly issuer: string;
      /**
       * When the token's `exp` says it expires; undefined when the caller's claims made `exp` something that is
       * not a time (a string, `1e300`): such a token is made on purpose, for STS to refuse.
       */
      readonly expirationMs: number | undefined;
      readonly kid: string;
      readonly alg: JwsAlgorithm;
      readonly claims: Readonly<Record<string, Json>>;
    }
  | { readonly kind: 'invalid'; readonly problem: string };

/** A day for a projected service-account token (aws-federation.md §2.8); an hour otherwise [U: GitHub's own]. */
const DEFAULT_SECONDS = { github: 3600, eks: 86_400, url: 3600 } as const;
const MAX_SECONDS = 366 * 86_400;

interface Preset {
  readonly name: 'github' | 'eks' | 'url';
  readonly issuer: string;
  readonly sub: string | undefined;
  readonly aud: string | readonly string[] | undefined;
  readonly typ: string | undefined;
}

async function presetOf(request: LabTokenRequest, issuers: OidcIssuers): Promise<Preset | string> {
  switch (request.issuer) {
    case 'github':
      return { name: 'github', issuer: GITHUB_ISSUER, sub: undefined, aud: GITHUB_DEFAULT_AUDIENCE, typ: 'JWT' };
    case 'eks': {
      const region = request.region ?? EKS_DEFAULT_REGION;
      if (!isRegion(region)) return `\`${region}\` is not a region such as us-east-1`;
      // Kubernetes' projected tokens carry no `typ` (aws-federation.md §2.8).
      return {
        name: 'eks',
        issuer: eksIssuerUrl(region, await issuers.eksClusterId()),
        sub: EKS_DEFAULT_SUB,
        aud: EKS_DEFAULT_AUDIENCE,
        typ: undefined,
      };
    }
    default: {
      const problem = issuerUrlProblem(request.issuer);
      if (problem !== undefined) return `issuer must be \`github\`, \`eks\` or an https:// URL: ${problem}`;
      return { name: 'url', issuer: request.issuer, sub: undefined, aud: undefined, typ: 'JWT' };
    }
  }
}

export async function issueLabToken(issuers: OidcIssuers, ids: IdSource, request: LabTokenRequest, nowMs: number): Promise<LabTokenOutcome> {
  const preset = await presetOf(request, issuers);
  if (typeof preset === 'string') return { kind: 'invalid', problem: preset };
  const sub = request.sub ?? preset.sub;
  if (sub === undefined || sub === '') return { kind: 'invalid', problem: `a token from \`${request.issuer}\` needs a sub` };
  // EKS sends `aud` as an array even with one audience (aws-federation.md §2.8).
  const aud = request.aud === undefined ? preset.aud : preset.name === 'eks' && typeof request.aud === 'string' ? [request.aud] : request.aud;
  const seconds = request.expiresInSeconds ?? DEFAULT_SECONDS[preset.name];
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS) {
    return { kind: 'invalid', problem: `the lifetime must be a whole number of seconds from 1 to ${MAX_SECONDS}` };
  }
  const overrides = request.claims ?? {};
  const iat = Math.floor(nowMs / 1000);
  const derived = preset.name === 'github' ? githubClaims(sub, overrides, nowMs) : preset.name === 'eks' ? eksClaims(sub) : {};
  const claims: Record<string, Json> = {
    iss: preset.issuer,
    sub,
    ...(aud === undefined ? {} : { aud: typeof aud === 'string' ? aud : [...aud] }),
    ...derived,
    iat,
    nbf: iat,
    exp: iat + seconds,
    jti: uuidV4(Buffer.from(ids.hex(32), 'hex')),
    ...overrides,
  };
  const alg = request.alg ?? 'RS256';
  const key = await issuers.signingKey(preset.issuer, alg, nowMs);
  const token = signJwt({ alg, kid: key.kid, privateKey: key.privateKey, claims, ...(preset.typ === undefined ? {} : { typ: preset.typ }) });
  return {
    kind: 'ok',
    token,
    issuer: preset.issuer,
    expirationMs: expirationOf(claims['exp']),
    kid: key.kid,
    alg,
    claims,
  };
}

/** `exp` (seconds) as epoch ms, when it is a number a date can hold (±8.64e15 ms, ECMA-262 §21.4.1.1). */
function expirationOf(exp: Json | undefined): number | undefined {
  if (typeof exp !== 'number') return undefined;
  const ms = exp * 1000;
  return Number.isNaN(new Date(ms).getTime()) ? undefined : ms;
}
