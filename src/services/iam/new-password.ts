/**
 * Setting a login profile's password (CreateLoginProfile, UpdateLoginProfile, ChangePassword): the account
 * password policy's rules, its reuse prevention against the hashes kept, then the new hash. Hashing takes tens of
 * milliseconds, so it runs before the IAM mutation, on the state as it was read; the mutation then refuses if the
 * profile changed meanwhile (`unchangedProfile`).
 */
import type { ServiceContext } from '../operation.js';
import type { LoginProfileRecord, PasswordPolicyRecord } from './account-records.js';
import { iamErrors } from './iam-errors.js';
import type { IamIndex } from './iam-index.js';
import { hashPassword, passwordMatches } from './password-hash.js';
import { conformsToPolicy, hashesNotToReuse } from './password-rules.js';
import type { UserRecord } from './records.js';

/** As many earlier hashes as the highest PasswordReusePrevention can ask about (IAM-MODEL: 1–24). */
const HISTORY_KEPT = 24;

const SALT_BYTES = 16;

/**
 * The stored hash of `password` once the policy allows it: its rules, then (for an existing profile) no reuse of
 * the passwords PasswordReusePrevention names. Both refusals are 400 `PasswordPolicyViolation`.
 */
export async function newPasswordHash(
  ctx: ServiceContext,
  password: string,
  policy: PasswordPolicyRecord | undefined,
  profile: LoginProfileRecord | undefined,
): Promise<string> {
  if (!conformsToPolicy(password, policy)) throw iamErrors.passwordPolicyViolation();
  if (profile !== undefined) {
    const reused = await Promise.all(hashesNotToReuse(policy, profile).map((hash) => passwordMatches(password, hash)));
    if (reused.includes(true)) throw iamErrors.passwordPolicyViolation();
  }
  return hashPassword(password, ctx.ids.token(SALT_BYTES));
}

/** The profile with a new password set now; the old hash joins the history. */
export function withNewPassword(profile: LoginProfileRecord, passwordHash: string, nowMs: number): LoginProfileRecord {
  return {
    ...profile,
    passwordHash,
    passwordSetMs: nowMs,
    previousHashes: [profile.passwordHash, ...profile.previousHashes].slice(0, HISTORY_KEPT),
  };
}

/** The user's login profile, or IAM's NoSuchEntity for it. */
export function requireLoginProfile(index: IamIndex, user: UserRecord): LoginProfileRecord {
  const profile = index.loginProfile(user.id);
  if (profile === undefined) throw iamErrors.noSuchLoginProfile(user.name);
  return profile;
}

/**
 * Inside the mutation: the profile as it was when the new password was checked and hashed, or 409
 * `EntityTemporarilyUnmodifiable` (the model's answer for "try again") when another request changed it.
 */
export function unchangedProfile(index: IamIndex, user: UserRecord, read: LoginProfileRecord): LoginProfileRecord {
  const current = requireLoginProfile(index, user);
  if (current !== read) throw iamErrors.temporarilyUnmodifiable(user.name);
  return current;
}
