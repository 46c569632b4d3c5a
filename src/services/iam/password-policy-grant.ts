/**
 * What the account password policy's AllowUsersToChangePassword grants: every IAM user of the account may call
 * iam:ChangePassword on its own ARN and iam:GetAccountPasswordPolicy. IAM attaches no policy for it — "the
 * permissions are applied at the account-level for all users by IAM" [D: IAM-MODEL UpdateAccountPasswordPolicy] —
 * so iamlab evaluates it as one more identity-based policy of each user (services/authorizer/caller-policies.ts):
 * an explicit deny still wins, and a permissions boundary still limits it [U].
 *
 * HardExpiry: once the password has expired, a user "cannot access the console until an administrator resets the
 * password", while "IAM users with iam:ChangePassword permission and active access keys can reset their own expired
 * console password using the CLI or API" [D: IAM-MODEL PasswordPolicy.HardExpiry]. iamlab reads this as: the
 * account-level grant of ChangePassword ends when the password expires (aws:CurrentTime, on the virtual clock),
 * and only a permission of the user's own policies still allows it [U].
 */
import { arnOf } from './iam-index.js';
import type { IamIndex } from './iam-index.js';
import { passwordExpiresAtMs } from './password-rules.js';
import type { UserRecord } from './records.js';

export const PASSWORD_POLICY_GRANT_NAME = 'account password policy (AllowUsersToChangePassword)';

/** The grant as a policy document for `user`, or undefined when the account's policy grants nothing. */
export function passwordPolicyGrant(index: IamIndex, user: UserRecord): string | undefined {
  const policy = index.passwordPolicy(user.account);
  if (policy === undefined || !policy.allowUsersToChangePassword) return undefined;
  const profile = index.loginProfile(user.id);
  const expiresAtMs = policy.hardExpiry === true && profile !== undefined ? passwordExpiresAtMs(policy, profile) : undefined;
  const changeOwnPassword = {
    Sid: 'ChangeOwnPassword',
    Effect: 'Allow',
    Action: 'iam:ChangePassword',
    Resource: arnOf(user),
    ...(expiresAtMs === undefined ? {} : { Condition: { DateLessThan: { 'aws:CurrentTime': new Date(expiresAtMs).toISOString() } } }),
  };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'ReadPasswordPolicy', Effect: 'Allow', Action: 'iam:GetAccountPasswordPolicy', Resource: '*' }, changeOwnPassword],
  });
}
