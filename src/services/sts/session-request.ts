/**
 * The parts of an AssumeRole request that shape the new session (aws-behaviour.md §1.2, §1.3), each a pure
 * check that answers a value or the client's error: duration, session tags (with the caller's transitive
 * tags), source identity, session policies and their packed size.
 */
import type { SessionClaims, SessionTag } from '../../auth/session-claims.js';
import type { AwsError } from '../../errors/aws-error.js';
import { parsePolicy, policySizeWithoutWhitespace } from '../../policy/validate/index.js';
import { STS_MESSAGES, stsErrors } from './sts-errors.js';

type Checked<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'error'; readonly error: AwsError };

const ok = <T>(value: T): Checked<T> => ({ kind: 'ok', value });
const fail = <T>(error: AwsError): Checked<T> => ({ kind: 'error', error });

const DEFAULT_ROLE_SESSION_SECONDS = 3600;
/** §1.3: a session created from temporary credentials lasts at most an hour. */
const CHAINED_SESSION_MAX_SECONDS = 3600;
/** §1.2: the plaintext of inline + managed session policies. */
const SESSION_POLICY_PLAINTEXT_LIMIT = 2048;
/** §1.2: at most 10 managed session policies. */
const MAX_SESSION_POLICY_ARNS = 10;
/**
 * [U] AWS packs tags into a binary form whose budget it does not publish; iamlab counts the characters of
 * keys and values against this budget, which makes 50 tags of typical size fit.
 */
const SESSION_TAG_BUDGET = 4096;

export function durationFor(requested: number | undefined, maxSessionDuration: number, chained: boolean): Checked<number> {
  const seconds = requested ?? DEFAULT_ROLE_SESSION_SECONDS;
  if (chained && seconds > CHAINED_SESSION_MAX_SECONDS) return fail(stsErrors.validation(STS_MESSAGES.durationOverChainLimit));
  if (seconds > maxSessionDuration) return fail(stsErrors.validation(STS_MESSAGES.durationOverRoleMax));
  return ok(seconds);
}

interface SessionTags {
  /** Passed tags plus the caller's transitive tags. */
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  /** Only the tags of this request (aws:RequestTag, aws:TagKeys, sts:TransitiveTagKeys). */
  readonly requested: Readonly<Record<string, string>> | undefined;
  readonly requestedTransitive: readonly string[] | undefined;
  /** Characters of passed keys and values, for the packed size. */
  readonly packedChars: number;
}

/**
 * §1.3: keys compare case-insensitively; transitive keys must be among the passed tags; a passed tag may not
 * reuse the key of a transitive tag inherited from the calling session. The three refusals are 400
 * `InvalidParameterValue` with AWS's texts (aws-behaviour.md §10.3).
 */
export function sessionTagsFor(
  tags: readonly { readonly Key: string; readonly Value: string }[] | undefined,
  transitive: readonly string[] | undefined,
  caller: SessionClaims | undefined,
): Checked<SessionTags> {
  const passed = tags ?? [];
  const seen = new Set<string>();
  for (const tag of passed) {
    const lower = tag.Key.toLowerCase();
    if (seen.has(lower)) return fail(stsErrors.invalidTags(STS_MESSAGES.duplicateTagKeys));
    seen.add(lower);
  }
  for (const key of transitive ?? []) {
    if (!seen.has(key.toLowerCase())) {
      return fail(stsErrors.invalidTags(STS_MESSAGES.transitiveKeyNotInTags));
    }
  }
  const inheritedKeys = new Set((caller?.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  for (const tag of passed) {
    if (inheritedKeys.has(tag.Key.toLowerCase())) {
      return fail(stsErrors.invalidTags(STS_MESSAGES.transitiveKeyConflict));
    }
  }
  const inherited = (caller?.tags ?? []).filter((t) => inheritedKeys.has(t.key.toLowerCase()));
  const own = passed.map((t) => ({ key: t.Key, value: t.Value }));
  return ok({
    tags: [...inherited, ...own],
    transitiveTagKeys: [...(caller?.transitiveTagKeys ?? []), ...(transitive ?? [])],
    requested: tags === undefined ? undefined : Object.fromEntries(passed.map((t) => [t.Key, t.Value])),
    requestedTransitive: transitive,
    packedChars: passed.reduce((n, t) => n + t.Key.length + t.Value.length, 0),
  });
}

/** §1.3: a source identity, once set, persists along the chain and cannot be changed. [U] wording. */
export function sourceIdentityFor(requested: string | undefined, caller: SessionClaims | undefined): Checked<string | undefined> {
  const inherited = caller?.sourceIdentity;
  if (requested !== undefined && requested.toLowerCase().startsWith('aws:')) {
    return fail(stsErrors.validation('SourceIdentity must not start with `aws:`'));
  }
  if (inherited !== undefined && requested !== undefined && requested !== inherited) {
    return fail(stsErrors.invalidTags(`the source identity \`${inherited}\` of the calling session cannot be changed`));
  }
  return ok(requested ?? inherited);
}

interface SessionPolicies {
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
  /** Plaintext characters of the inline policy (whitespace excluded) and the managed policy ARNs. */
  readonly packedChars: number;
}

/** §1.2/§1.3: the inline policy must validate as a session policy; ≤ 10 ARNs; ≤ 2048 plaintext characters. */
export function sessionPoliciesFor(policy: string | undefined, arns: readonly { readonly arn?: string }[] | undefined): Checked<SessionPolicies> {
  if (policy !== undefined) {
    const parsed = parsePolicy(policy, 'session');
    if (parsed.kind !== 'ok') return fail(stsErrors.malformedPolicy(parsed.issues[0]?.message ?? 'Syntax errors in policy.'));
  }
  const policyArns = (arns ?? []).map((a) => a.arn ?? '').filter((a) => a !== '');
  if (policyArns.length > MAX_SESSION_POLICY_ARNS) {
    return fail(
      stsErrors.validation(
        `1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SESSION_POLICY_ARNS}`,
      ),
    );
  }
  const packedChars = (policy === undefined ? 0 : policySizeWithoutWhitespace(policy)) + policyArns.reduce((n, a) => n + a.length, 0);
  return ok({ policy, policyArns, packedChars });
}

/**
 * §1.3 `PackedPolicySize`: the percentage of the allowed space the session policies and tags use, the
 * larger of the two; over 100 fails with PackedPolicyTooLarge.
 */
export function packedSize(policies: SessionPolicies, tags: SessionTags): Checked<number> {
  const policyPercent = Math.ceil((100 * policies.packedChars) / SESSION_POLICY_PLAINTEXT_LIMIT);
  const tagPercent = Math.ceil((100 * tags.packedChars) / SESSION_TAG_BUDGET);
  if (policyPercent > 100) return fail(stsErrors.packedPolicyTooLarge(policyPercent));
  if (tagPercent > 100) return fail(stsErrors.packedTagsTooLarge(tagPercent));
  return ok(Math.max(policyPercent, tagPercent));
}
