/**
 * The checks AssumeRoleWithWebIdentity makes of an OIDC ID token before any trust policy is read
 * (aws-federation.md §2.2), in the order that reproduces every observed message: the JWT's form, the IAM OIDC
 * provider for its `iss` in the role's account, the audience against the provider's client ids, the
 * signature against the keys of the issuer, then the times on the virtual clock. What passes becomes the
 * provider's condition keys (§2.3) and the session tags and source identity the token carries (§2.4).
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { JwkSet } from '../../federation/jwt/jwk.js';
import type { JwtClaims } from '../../federation/jwt/parse-jwt.js';
import { parseJwt } from '../../federation/jwt/parse-jwt.js';
import { verifyJwt } from '../../federation/jwt/verify-jwt.js';
import type { OidcProviderView } from '../iam/provider-reads.js';
import { stsErrors } from './sts-errors.js';

/** AWS's texts (aws-federation.md §2.6); the two spaces after the comma in `keyNotFound` are AWS's. */
const WEB_IDENTITY_MESSAGES = {
  noProvider: (issuer: string): string => `No OpenIDConnect provider found in your account for ${issuer}`,
  missingClaim: (claim: string): string => `Missing a required claim: ${claim}`,
  incorrectAudience: 'Incorrect token audience',
  keyNotFound:
    "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  expired: (nowSeconds: number, expSeconds: number): string =>
    `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${expSeconds}`,
  /** [U] no recorded text for these three; kept short, code and status exact. */
  malformed: 'The web identity token is not a well-formed JWT',
  notYetValid: 'The web identity token is not valid yet',
  badClaim: (claim: string): string => `The web identity token's claim ${claim} is not valid`,
} as const;

/**
 * [U] AWS does not document a clock-skew allowance: `exp` is compared to the second as AWS's message shows;
 * `nbf` and `iat` may lie this far in the future, as issuers' clocks drift.
 */
const NOT_BEFORE_SKEW_SECONDS = 300;

/** Session tags carried in the `https://aws.amazon.com/tags` claim (IAM-UG id_session-tags). */
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

/**
 * Claims GitHub's issuer offers the trust policy since AWS's January 2026 change, beside `sub` and `aud`;
 * they are for the trust decision only, not carried into the session (aws-federation.md §2.3).
 */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITHUB_TRUST_CLAIMS = [
  'actor',
  'actor_id',
  'job_workflow_ref',
  'repository',
  'repository_id',
  'workflow',
  'ref',
  'environment',
  'enterprise_id',
];

export interface VerifiedWebIdentity {
  readonly provider: OidcProviderView;
  readonly subject: string;
  /** The audience that matched one of the provider's client ids. */
  readonly audience: string;
  /** Keys for the trust policy (§2.3). */
  readonly trustKeys: Readonly<Record<string, string | readonly string[]>>;
  /** The keys the session keeps for its later requests: `sub`, `aud`, `amr` (§2.3 "cross-service"). */
  readonly sessionKeys: Readonly<Record<string, string | readonly string[]>>;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[] | undefined;
  readonly transitiveTagKeys: readonly string[] | undefined;
  readonly sourceIdentity: string | undefined;
}

type WebIdentityCheck =
  { readonly kind: 'ok'; readonly value: VerifiedWebIdentity } | { readonly kind: 'refused'; readonly error: AwsError; readonly why: string };

interface WebIdentityLookups {
  /** The IAM OIDC provider whose URL is exactly `issuer`, in the role's account. */
  readonly provider: (issuer: string) => OidcProviderView | undefined;
  /** The keys the lab holds for `issuer` (its published JWKS); undefined when it holds none. */
  readonly keys: (issuer: string) => JwkSet | undefined;
}

const invalid = (message: string, why: string): WebIdentityCheck => ({
  kind: 'refused',
  error: stsErrors.invalidIdentityToken(message),
  why,
});

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export function checkWebIdentityToken(token: string, lookups: WebIdentityLookups, nowMs: number): WebIdentityCheck {
  const parsed = parseJwt(token);
  if (parsed.kind !== 'ok') return invalid(WEB_IDENTITY_MESSAGES.malformed, `the token is not a JWT: ${parsed.problem}`);
  const claims = parsed.payload;
  const issuer = claims['iss'];
  if (typeof issuer !== 'string') return invalid(WEB_IDENTITY_MESSAGES.missingClaim('iss'), 'the token has no iss');
  const provider = lookups.provider(issuer);
  if (provider === undefined) return invalid(WEB_IDENTITY_MESSAGES.noProvider(issuer), `no IAM OIDC provider for ${issuer}`);

  const audiences = audiencesOf(claims['aud']);
  if (audiences === undefined) return invalid(WEB_IDENTITY_MESSAGES.missingClaim('aud'), 'the token has no aud');
  const audience = audiences.find((aud) => provider.clientIds.includes(aud));
  if (audience === undefined)
    return invalid(WEB_IDENTITY_MESSAGES.incorrectAudience, `aud ${audiences.join(', ')} is not a client id of ${provider.arn}`);

  const keys = lookups.keys(issuer);
  if (keys === undefined) return invalid(WEB_IDENTITY_MESSAGES.keyNotFound, `the lab holds no signing key for ${issuer}`);
  const verified = verifyJwt(parsed, keys);
  if (verified.kind !== 'ok') return invalid(WEB_IDENTITY_MESSAGES.keyNotFound, `the signature does not verify (${verified.kind})`);

  const nowSeconds = Math.floor(nowMs / 1000);
  const exp = claims['exp'];
  if (exp === undefined) return invalid(WEB_IDENTITY_MESSAGES.missingClaim('exp'), 'the token has no exp');
  if (!isNumericDate(exp)) return invalid(WEB_IDENTITY_MESSAGES.badClaim('exp'), 'exp is not an integer NumericDate');
  if (nowSeconds >= exp) {
    return { kind: 'refused', error: stsErrors.expiredTokenException(WEB_IDENTITY_MESSAGES.expired(nowSeconds, exp)), why: 'the token has expired' };
  }
  for (const claim of ['nbf', 'iat'] as const) {
    const value = claims[claim];
    if (value === undefined) continue;
    if (!isNumericDate(value)) return invalid(WEB_IDENTITY_MESSAGES.badClaim(claim), `${claim} is not an integer NumericDate`);
    if (value > nowSeconds + NOT_BEFORE_SKEW_SECONDS) return invalid(WEB_IDENTITY_MESSAGES.notYetValid, `${claim} lies in the future`);
  }
  const subject = claims['sub'];
  if (typeof subject !== 'string' || subject === '') return invalid(WEB_IDENTITY_MESSAGES.missingClaim('sub'), 'the token has no sub');

  const tags = sessionTagsClaim(claims[TAGS_CLAIM]);
  if (tags === 'invalid')
    return invalid(WEB_IDENTITY_MESSAGES.badClaim(TAGS_CLAIM), 'the session tags claim is not principal_tags of one-value lists');
  const sourceIdentity = claims[SOURCE_IDENTITY_CLAIM];
  if (sourceIdentity !== undefined && typeof sourceIdentity !== 'string') {
    return invalid(WEB_IDENTITY_MESSAGES.badClaim(SOURCE_IDENTITY_CLAIM), 'the source identity claim is not a string');
  }
  // The keys are named after the provider's URL without its scheme (aws-federation.md §2.3).
  const prefix = issuer.replace(/^https:\/\//, '');
  const sessionKeys: Record<string, string | readonly string[]> = { [`${prefix}:sub`]: subject, [`${prefix}:aud`]: audience };
  const amr = claims['amr'];
  if (typeof amr === 'string' || (Array.isArray(amr) && amr.every((v) => typeof v === 'string'))) sessionKeys[`${prefix}:amr`] = amr;
  const trustKeys: Record<string, string | readonly string[]> = { ...sessionKeys };
  for (const claim of ['azp', 'email']) {
    const value = claims[claim];
    if (typeof value === 'string') trustKeys[`${prefix}:${claim}`] = value;
  }
  if (issuer === GITHUB_ISSUER) {
    for (const claim of GITHUB_TRUST_CLAIMS) {
      const value = claims[claim];
      if (typeof value === 'string') trustKeys[`${prefix}:${claim}`] = value;
    }
  }
  return {
    kind: 'ok',
    value: {
      provider,
      subject,
      audience,
      trustKeys,
      sessionKeys,
      tags: tags?.tags,
      transitiveTagKeys: tags?.transitive,
      sourceIdentity,
    },
  };
}

/** `aud` is a string or a list of strings (RFC 7519 §4.1.3); undefined when absent or of another type. */
function audiencesOf(aud: JwtClaims[string]): readonly string[] | undefined {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.length > 0 && aud.every((v) => typeof v === 'string')) return aud;
  return undefined;
}

/**
 * `{"principal_tags": {"Project": ["Automation"]}, "transitive_tag_keys": ["Project"]}`: each value a list
 * of exactly one string (IAM-UG id_session-tags "Passing session tags using AssumeRoleWithWebIdentity").
 */
function sessionTagsClaim(
  value: unknown,
): { readonly tags: readonly { Key: string; Value: string }[]; readonly transitive: readonly string[] | undefined } | 'invalid' | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid';
  const { principal_tags: principalTags, transitive_tag_keys: transitive } = value as Record<string, unknown>;
  if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags)) return 'invalid';
  const tags: { Key: string; Value: string }[] = [];
  for (const [key, values] of Object.entries(principalTags)) {
    if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') return 'invalid';
    tags.push({ Key: key, Value: values[0] });
  }
  if (transitive !== undefined && !(Array.isArray(transitive) && transitive.every((k) => typeof k === 'string'))) return 'invalid';
  return { tags, transitive: transitive };
}
