/**
 * The token issuers the lab plays, under `/_iamlab/oidc/` (issue #16):
 * - `GET  /_iamlab/oidc/issuers`: every issuer the lab holds keys for, with its discovery and JWKS URLs;
 * - `GET  /_iamlab/oidc/<issuer without https://>/.well-known/openid-configuration` and `…/.well-known/jwks.json`:
 *   what an outside verifier reads (aws-federation.md §2.2 step 4), public like an identity provider's;
 * - `POST /_iamlab/oidc/token` `{issuer, sub, aud, claims, expiresIn, alg, region}`: a signed token
 *   → `{token, expiration, issuer, kid, alg}`; times are virtual (design.md "Time"); `expiration` is null when
 *   `claims` made `exp` something that is not a time.
 * Returns undefined for other paths, and for the admin-only ones when the caller lacks the admin token, so the
 * admin API answers those itself.
 */
import type { Clock } from '../../clock/clock.js';
import { parseDuration } from '../../clock/duration.js';
import { isJwsAlgorithm } from '../../federation/jwt/jose-algorithms.js';
import type { IdSource } from '../../ids/id-source.js';
import { decodeOrKeep } from '../../lib/decode-or-keep.js';
import { headerValue } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import { discoveryDocument } from '../../services/oidc-issuers/discovery-document.js';
import { issueLabToken, type LabTokenRequest } from '../../services/oidc-issuers/lab-token.js';
import type { OidcIssuers } from '../../services/oidc-issuers/oidc-issuers-state.js';
import type { Json } from '../../store/port.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import { jsonResponse } from './json-response.js';
import { jsonObjectBody } from './json-object-body.js';

interface OidcRouteDeps {
  readonly issuers: OidcIssuers;
  readonly clock: Clock;
  readonly ids: IdSource;
}

const PREFIX = '/_iamlab/oidc/';
const DISCOVERY = '/.well-known/openid-configuration';
const JWKS = '/.well-known/jwks.json';

export function oidcRoute(raw: RawRequest, deps: OidcRouteDeps, adminAuthorized: boolean): Promise<RawResponse> | RawResponse | undefined {
  const { path } = splitTarget(raw.rawTarget);
  if (!path.startsWith(PREFIX)) return undefined;
  const rest = path.slice(PREFIX.length);
  const base = labBase(raw);
  for (const suffix of [DISCOVERY, JWKS]) {
    if (!rest.endsWith(suffix)) continue;
    if (raw.method !== 'GET') return jsonResponse(405, { error: `\`${raw.method} ${path}\` is not supported: use GET` });
    const issuer = `https://${decodeOrKeep(rest.slice(0, -suffix.length))}`;
    const jwks = deps.issuers.publicKeys(issuer);
    if (jwks === undefined) return jsonResponse(404, { error: `the lab holds no key for issuer \`${issuer}\`` });
    return suffix === JWKS
      ? jsonResponse(200, jwks as unknown as Json)
      : jsonResponse(200, discoveryDocument(issuer, urlsOf(base, issuer).jwks, jwks));
  }
  if (!adminAuthorized) return undefined;
  const route = `${raw.method} ${rest.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET issuers':
      return jsonResponse(200, {
        issuers: deps.issuers.issuers().map((summary) => ({
          issuer: summary.issuer,
          ...(summary.outboundAccount === undefined ? {} : { outboundAccount: summary.outboundAccount }),
          discoveryUrl: urlsOf(base, summary.issuer).discovery,
          jwksUrl: urlsOf(base, summary.issuer).jwks,
          keys: summary.keys.map((key) => ({ kid: key.kid, alg: key.alg, created: new Date(key.createdMs).toISOString() })),
        })),
      });
    case 'POST token':
      return issueToken(raw.body, deps);
    default:
      return undefined;
  }
}

async function issueToken(body: Buffer, deps: OidcRouteDeps): Promise<RawResponse> {
  const request = parseTokenRequest(body);
  if (typeof request === 'string') return jsonResponse(400, { error: request });
  const outcome = await issueLabToken(deps.issuers, deps.ids, request, deps.clock.now());
  if (outcome.kind === 'invalid') return jsonResponse(400, { error: outcome.problem });
  return jsonResponse(200, {
    token: outcome.token,
    expiration: outcome.expirationMs === undefined ? null : new Date(outcome.expirationMs).toISOString(),
    issuer: outcome.issuer,
    kid: outcome.kid,
    alg: outcome.alg,
  });
}

function parseTokenRequest(body: Buffer): LabTokenRequest | string {
  const value = jsonObjectBody(body);
  if (typeof value === 'string') return value;
  const { issuer, sub, aud, claims, expiresIn, alg, region } = value;
  if (typeof issuer !== 'string' || issuer === '') return '`issuer` is required: `github`, `eks` or an https:// URL';
  if (sub !== undefined && typeof sub !== 'string') return '`sub` must be a string';
  const audOk = aud === undefined || typeof aud === 'string' || (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string'));
  if (!audOk) return '`aud` must be a string or a non-empty array of strings';
  if (claims !== undefined && (typeof claims !== 'object' || claims === null || Array.isArray(claims))) return '`claims` must be a JSON object';
  if (alg !== undefined && (typeof alg !== 'string' || !isJwsAlgorithm(alg))) return '`alg` must be one of RS256, RS384, RS512, ES256, ES384, ES512';
  if (region !== undefined && typeof region !== 'string') return '`region` must be a string';
  let seconds: number | undefined;
  if (typeof expiresIn === 'number') seconds = expiresIn;
  else if (typeof expiresIn === 'string') {
    const ms = parseDuration(expiresIn);
    if (ms === undefined || ms % 1000 !== 0) return '`expiresIn` takes whole seconds or a duration such as `15m` or `1h`';
    seconds = ms / 1000;
  } else if (expiresIn !== undefined) return '`expiresIn` takes whole seconds or a duration such as `15m` or `1h`';
  return {
    issuer,
    ...(sub === undefined ? {} : { sub }),
    ...(aud === undefined ? {} : { aud: aud }),
    ...(claims === undefined ? {} : { claims: claims as Record<string, Json> }),
    ...(seconds === undefined ? {} : { expiresInSeconds: seconds }),
    ...(alg === undefined ? {} : { alg }),
    ...(region === undefined ? {} : { region }),
  };
}

/** The lab as the caller reached it: the discovery document must point at a JWKS URL the same caller can fetch. */
function labBase(raw: RawRequest): string {
  return `${raw.secure ? 'https' : 'http'}://${headerValue(raw.headers, 'host') ?? '127.0.0.1'}`;
}

function urlsOf(base: string, issuer: string): { readonly discovery: string; readonly jwks: string } {
  const root = `${base}${PREFIX}${issuer.slice('https://'.length)}`;
  return { discovery: `${root}${DISCOVERY}`, jwks: `${root}${JWKS}` };
}
