/**
 * The account password policy: GetAccountPasswordPolicy, UpdateAccountPasswordPolicy, DeleteAccountPasswordPolicy
 * (aws-iam-s3-more.md §A2.2, aws-behaviour.md §12.1). The actions name no resource type: `*`. Update replaces the
 * whole policy, every member left out taking its default; ranges are the model's Coral errors.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { PasswordPolicyRecord } from '../account-records.js';
import { iamErrors } from '../iam-errors.js';

const DEFAULT_MINIMUM_LENGTH = 6;

/**
 * The policy as GetAccountPasswordPolicy shows it: `ExpirePasswords` derived from MaxPasswordAge; MaxPasswordAge,
 * PasswordReusePrevention and HardExpiry only when they were set [O: LS-SNAP
 * `test_update_account_password_policy_defaults`, `…_custom_values`, February 2026].
 */
function passwordPolicyOut(policy: PasswordPolicyRecord): Iam.PasswordPolicy {
  return {
    MinimumPasswordLength: policy.minimumPasswordLength,
    RequireSymbols: policy.requireSymbols,
    RequireNumbers: policy.requireNumbers,
    RequireUppercaseCharacters: policy.requireUppercaseCharacters,
    RequireLowercaseCharacters: policy.requireLowercaseCharacters,
    AllowUsersToChangePassword: policy.allowUsersToChangePassword,
    ExpirePasswords: policy.maxPasswordAge !== null,
    ...(policy.maxPasswordAge === null ? {} : { MaxPasswordAge: policy.maxPasswordAge }),
    ...(policy.passwordReusePrevention === null ? {} : { PasswordReusePrevention: policy.passwordReusePrevention }),
    ...(policy.hardExpiry === null ? {} : { HardExpiry: policy.hardExpiry }),
  };
}

const getAccountPasswordPolicy = defineOperation<Record<string, never>, Iam.GetAccountPasswordPolicyResponse>({
  name: 'GetAccountPasswordPolicy',
  authorization: { kind: 'policy', action: 'iam:GetAccountPasswordPolicy', resources: () => ['*'] },
  handle: async (_input, ctx) => {
    const policy = ctx.iam.index.passwordPolicy(ctx.account);
    // AWS's default policy, which applies meanwhile (password-rules.ts), is not shown [D: IAM-UG id_credentials_passwords_account-policy].
    if (policy === undefined) throw iamErrors.noPasswordPolicy(ctx.account);
    return { PasswordPolicy: passwordPolicyOut(policy) };
  },
});

const updateAccountPasswordPolicy = defineOperation<Iam.UpdateAccountPasswordPolicyRequest, Record<string, never>>({
  name: 'UpdateAccountPasswordPolicy',
  authorization: { kind: 'policy', action: 'iam:UpdateAccountPasswordPolicy', resources: () => ['*'] },
  handle: (input, ctx) => {
    const policy: PasswordPolicyRecord = {
      account: ctx.account,
      minimumPasswordLength: input.MinimumPasswordLength ?? DEFAULT_MINIMUM_LENGTH,
      requireSymbols: input.RequireSymbols ?? false,
      requireNumbers: input.RequireNumbers ?? false,
      requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      maxPasswordAge: input.MaxPasswordAge ?? null,
      passwordReusePrevention: input.PasswordReusePrevention ?? null,
      hardExpiry: input.HardExpiry ?? null,
    };
    return ctx.iam.mutate(
      () => ({
        writes: [{ op: 'put-password-policy', policy }],
        events: [{ type: 'password-policy-changed', account: ctx.account }],
        result: {},
      }),
      ctx.requestId,
    );
  },
});

const deleteAccountPasswordPolicy = defineOperation<Record<string, never>, Record<string, never>>({
  name: 'DeleteAccountPasswordPolicy',
  authorization: { kind: 'policy', action: 'iam:DeleteAccountPasswordPolicy', resources: () => ['*'] },
  handle: (_input, ctx) =>
    ctx.iam.mutate((index) => {
      const policy = index.passwordPolicy(ctx.account);
      if (policy === undefined) throw iamErrors.noPasswordPolicyToDelete();
      return {
        writes: [{ op: 'delete-password-policy', policy }],
        events: [{ type: 'password-policy-changed', account: ctx.account }],
        result: {},
      };
    }, ctx.requestId),
});

export const passwordPolicyOperations = [getAccountPasswordPolicy, updateAccountPasswordPolicy, deleteAccountPasswordPolicy];
