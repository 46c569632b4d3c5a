/**
 * DeleteUser refuses while the user still has an MFA device enabled (aws-behaviour.md §2.3, §2.5):
 * 409 `DeleteConflict` `Cannot delete entity, must delete MFA device first.` IAM's API reference lists the
 * prerequisites as access keys, …, MFA devices, inline policies, attached policies, groups: so a user with
 * keys still hears about the keys first, and every later prerequisite is the IAM handler's.
 */
import { iamErrors } from '../iam/iam-errors.js';
import type { MfaState } from '../mfa/mfa-state.js';
import type { Operation } from '../operation.js';

export const MFA_DEVICE_CONFLICT = 'Cannot delete entity, must delete MFA device first.';

export function guardDeleteUser(deleteUser: Operation, mfa: MfaState): Operation {
  return {
    ...deleteUser,
    handle: async (input, ctx) => {
      const name = input['UserName'];
      const user = typeof name === 'string' ? ctx.iam.index.byName('user', ctx.account, name) : undefined;
      if (
        user !== undefined &&
        ctx.iam.index.accessKeysOf(ctx.account, { type: 'user', userId: user.id }).length === 0 &&
        mfa.devicesOfUser(ctx.account, user.name).length > 0
      ) {
        throw iamErrors.deleteConflict(MFA_DEVICE_CONFLICT);
      }
      return deleteUser.handle(input, ctx);
    },
  };
}
