/**
 * ChangePassword: an IAM user changes its own console password with its own credentials (aws-iam-s3-more.md §A2.1,
 * aws-behaviour.md §12.1). It needs `iam:ChangePassword` on the user's own ARN, which the account password policy's
 * AllowUsersToChangePassword grants every user (`password-policy-grant.ts`). The new password must satisfy the
 * policy and its reuse prevention; a password set this way is no longer one that must be reset.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';
import { newPasswordHash, requireLoginProfile, unchangedProfile, withNewPassword } from '../new-password.js';
import { passwordMatches } from '../password-hash.js';
import { keyOwnerArn } from '../resources.js';

export const changePassword = defineOperation<Iam.ChangePasswordRequest, Record<string, never>>({
  name: 'ChangePassword',
  authorization: { kind: 'policy', action: 'iam:ChangePassword', resources: (_input, ctx) => [keyOwnerArn(ctx, undefined)] },
  handle: async (input, ctx) => {
    const { principal } = ctx;
    // Root, role and federated sessions have no IAM user's password to change (IAM-MODEL; AWS CLI reference).
    if (principal.type !== 'user') throw iamErrors.invalidUserType();
    const read = ctx.iam.index;
    const owner = read.get('user', principal.userId);
    if (owner === undefined) throw iamErrors.noSuchNamed('user', principal.userName);
    const profile = requireLoginProfile(read, owner);
    if (!(await passwordMatches(input.OldPassword, profile.passwordHash))) throw iamErrors.wrongOldPassword();
    const passwordHash = await newPasswordHash(ctx, input.NewPassword, read.passwordPolicy(ctx.account), profile);
    return ctx.iam.mutate((index) => {
      const user = index.get('user', owner.id);
      if (user === undefined) throw iamErrors.noSuchNamed('user', owner.name);
      const changed = { ...withNewPassword(unchangedProfile(index, user, profile), passwordHash, ctx.nowMs), passwordResetRequired: false };
      return {
        writes: [{ op: 'put-login-profile', profile: changed }],
        events: [{ type: 'login-profile-changed', account: ctx.account, userId: user.id }],
        result: {},
      };
    }, ctx.requestId);
  },
});
