/**
 * What a console password must be (aws-iam-s3-more.md §A2.2): the account password policy when one is set,
 * otherwise AWS's default policy — at least 8 characters and three of the four kinds (upper case, lower case,
 * digits, symbols) [D: IAM-UG id_credentials_passwords_account-policy]. The default's third rule, "not the
 * account name or e-mail address", has nothing to compare with: lab accounts have neither.
 */
import type { LoginProfileRecord, PasswordPolicyRecord } from './account-records.js';

/** The symbols RequireSymbols counts: ``! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`` (IAM-MODEL). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

const DEFAULT_MINIMUM_LENGTH = 8;
const DEFAULT_KINDS_REQUIRED = 3;

interface Kinds {
  readonly upper: boolean;
  readonly lower: boolean;
  readonly digit: boolean;
  readonly symbol: boolean;
}

/** Upper and lower case are the ISO basic Latin letters only (IAM-MODEL RequireUppercaseCharacters). */
function kindsIn(password: string): Kinds {
  return {
    upper: /[A-Z]/.test(password),
    lower: /[a-z]/.test(password),
    digit: /[0-9]/.test(password),
    symbol: [...password].some((c) => SYMBOLS.has(c)),
  };
}

/** Whether `password` satisfies `policy`, or AWS's default policy when the account has none. */
export function conformsToPolicy(password: string, policy: PasswordPolicyRecord | undefined): boolean {
  const kinds = kindsIn(password);
  if (policy === undefined) {
    const present = [kinds.upper, kinds.lower, kinds.digit, kinds.symbol].filter(Boolean).length;
    return password.length >= DEFAULT_MINIMUM_LENGTH && present >= DEFAULT_KINDS_REQUIRED;
  }
  return (
    password.length >= policy.minimumPasswordLength &&
    (!policy.requireUppercaseCharacters || kinds.upper) &&
    (!policy.requireLowercaseCharacters || kinds.lower) &&
    (!policy.requireNumbers || kinds.digit) &&
    (!policy.requireSymbols || kinds.symbol)
  );
}

const DAY_MS = 86_400_000;

/** When the current password expires under the policy's MaxPasswordAge (virtual time), or undefined if never. */
export function passwordExpiresAtMs(policy: PasswordPolicyRecord | undefined, profile: LoginProfileRecord): number | undefined {
  const days = policy?.maxPasswordAge ?? null;
  return days === null ? undefined : profile.passwordSetMs + days * DAY_MS;
}

/**
 * The hashes a new password must differ from under PasswordReusePrevention: the current one and those before it,
 * N in all [U: whether AWS counts the current password among the N].
 */
export function hashesNotToReuse(policy: PasswordPolicyRecord | undefined, profile: LoginProfileRecord): readonly string[] {
  const count = policy?.passwordReusePrevention ?? null;
  return count === null ? [] : [profile.passwordHash, ...profile.previousHashes].slice(0, count);
}
