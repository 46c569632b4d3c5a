/**
 * Login profiles — an IAM user's console password: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
 * DeleteLoginProfile (aws-iam-s3-more.md §A2.1, aws-behaviour.md §12.1). At most one per user. Without `UserName`
 * they act on the calling IAM user; any other caller must name a user (the model reserves that to AssumeRoot
 * sessions for the root, which a standalone lab account cannot have, aws-behaviour.md §11.3).
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { ServiceContext } from '../../operation.js';
import type { LoginProfileRecord } from '../account-records.js';
import { iamErrors, NON_USER_CREDENTIALS } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { requireUser, subjectOf } from '../lookup.js';
import { newPasswordHash, requireLoginProfile, unchangedProfile, withNewPassword } from '../new-password.js';
import type { UserRecord } from '../records.js';
import { entityArn, keyOwnerArn } from '../resources.js';

/**
 * The model no longer marks `Password` required (an AssumeRoot session must leave it out), but every other caller
 * must give it [D: IAM-MODEL]; [U] answered as Coral answered while the model required it.
 */
const MISSING_PASSWORD = "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null";

/** The user named, or the calling IAM user; root and role sessions must name one [U: the text, aws-behaviour.md §2.3]. */
function profileUser(ctx: ServiceContext, index: IamIndex, userName: string | undefined): UserRecord {
  const subject = subjectOf(ctx, index, userName);
  if (subject.type === 'root') throw iamErrors.validation(NON_USER_CREDENTIALS);
  return subject.user;
}

/** `UserName`, `CreateDate` and `PasswordResetRequired`, always all three [O: LS-SNAP `test_login_profile_lifecycle`]. */
const loginProfileOut = (user: UserRecord, profile: LoginProfileRecord): Iam.LoginProfile => ({
  UserName: user.name,
  CreateDate: profile.createdMs,
  PasswordResetRequired: profile.passwordResetRequired,
});

const createLoginProfile = defineOperation<Iam.CreateLoginProfileRequest, Iam.CreateLoginProfileResponse>({
  name: 'CreateLoginProfile',
  authorization: { kind: 'policy', action: 'iam:CreateLoginProfile', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  validate: (input) => (input.Password === undefined ? iamErrors.validation(MISSING_PASSWORD) : undefined),
  handle: async (input, ctx) => {
    // The user, then a profile it already has, then the password (the order of LS-SNAP `test_login_profile_errors`).
    const read = ctx.iam.index;
    const owner = profileUser(ctx, read, input.UserName);
    if (read.loginProfile(owner.id) !== undefined) throw iamErrors.loginProfileExists(owner.name);
    const passwordHash = await newPasswordHash(ctx, input.Password ?? '', read.passwordPolicy(ctx.account), undefined);
    return ctx.iam.mutate((index) => {
      const user = profileUser(ctx, index, input.UserName);
      if (index.loginProfile(user.id) !== undefined) throw iamErrors.loginProfileExists(user.name);
      const profile: LoginProfileRecord = {
        account: ctx.account,
        userId: user.id,
        createdMs: ctx.nowMs,
        passwordSetMs: ctx.nowMs,
        passwordResetRequired: input.PasswordResetRequired ?? false,
        passwordHash,
        previousHashes: [],
        passwordLastUsedMs: null,
      };
      return {
        writes: [{ op: 'put-login-profile', profile }],
        events: [{ type: 'login-profile-changed', account: ctx.account, userId: user.id }],
        result: { LoginProfile: loginProfileOut(user, profile) },
      };
    }, ctx.requestId);
  },
});

const getLoginProfile = defineOperation<Iam.GetLoginProfileRequest, Iam.GetLoginProfileResponse>({
  name: 'GetLoginProfile',
  authorization: { kind: 'policy', action: 'iam:GetLoginProfile', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: async (input, ctx) => {
    const user = profileUser(ctx, ctx.iam.index, input.UserName);
    return { LoginProfile: loginProfileOut(user, requireLoginProfile(ctx.iam.index, user)) };
  },
});

/**
 * A new password (checked against the policy and its reuse prevention, [U] as ChangePassword is), and/or
 * `PasswordResetRequired`; what is left out stays as it was, `CreateDate` included.
 */
const updateLoginProfile = defineOperation<Iam.UpdateLoginProfileRequest, Record<string, never>>({
  name: 'UpdateLoginProfile',
  authorization: { kind: 'policy', action: 'iam:UpdateLoginProfile', resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)] },
  handle: async (input, ctx) => {
    const read = ctx.iam.index;
    const profile = requireLoginProfile(read, requireUser(read, ctx.account, input.UserName));
    const passwordHash =
      input.Password === undefined ? undefined : await newPasswordHash(ctx, input.Password, read.passwordPolicy(ctx.account), profile);
    if (passwordHash === undefined && input.PasswordResetRequired === undefined) return {};
    return ctx.iam.mutate((index) => {
      const user = requireUser(index, ctx.account, input.UserName);
      const current = unchangedProfile(index, user, profile);
      const withPassword = passwordHash === undefined ? current : withNewPassword(current, passwordHash, ctx.nowMs);
      const updated: LoginProfileRecord = {
        ...withPassword,
        passwordResetRequired: input.PasswordResetRequired ?? current.passwordResetRequired,
      };
      return {
        writes: [{ op: 'put-login-profile', profile: updated }],
        events: [{ type: 'login-profile-changed', account: ctx.account, userId: user.id }],
        result: {},
      };
    }, ctx.requestId);
  },
});

const deleteLoginProfile = defineOperation<Iam.DeleteLoginProfileRequest, Record<string, never>>({
  name: 'DeleteLoginProfile',
  authorization: { kind: 'policy', action: 'iam:DeleteLoginProfile', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const user = profileUser(ctx, index, input.UserName);
      const profile = requireLoginProfile(index, user);
      return {
        writes: [{ op: 'delete-login-profile', profile }],
        events: [{ type: 'login-profile-changed', account: ctx.account, userId: user.id }],
        result: {},
      };
    }, ctx.requestId),
});

export const loginProfileOperations = [createLoginProfile, getLoginProfile, updateLoginProfile, deleteLoginProfile];
