/**
 * iam:EnableMFADevice (aws-behaviour.md §2.5): assigns an unassigned virtual device to a user once two
 * consecutive codes prove the user holds the seed. The user is checked first (AWS reports an unknown user
 * even when the device is fine, per the snapshot cited in mfa-errors.ts), then the device, its assignment,
 * the user's quota, and last the codes, against the wall clock (design.md "Time").
 */
import type { EnableMFADeviceRequest } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import { checkEnableCodes } from '../check-codes.js';
import { requireDevice, requireUser, userResourceArn, type MfaDeps } from '../mfa-deps.js';
import { MFA_DEVICES_PER_USER, mfaErrors } from '../mfa-errors.js';

export function enableMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<EnableMFADeviceRequest, Record<string, never>>({
    name: 'EnableMFADevice',
    authorization: { kind: 'policy', action: 'iam:EnableMFADevice', resources: (input, ctx) => [userResourceArn(deps, ctx, input.UserName)] },
    handle: async (input, ctx) => {
      const user = requireUser(deps, ctx.account, input.UserName);
      const wallNowMs = ctx.clock.wallNow();
      await deps.state.mutate(() => {
        const device = requireDevice(deps, ctx.account, input.SerialNumber);
        if (device.assignment !== undefined) throw mfaErrors.deviceInUse();
        if (deps.state.devicesOfUser(ctx.account, user.userName).length >= MFA_DEVICES_PER_USER) throw mfaErrors.tooManyDevices();
        const check = checkEnableCodes(device, input.AuthenticationCode1, input.AuthenticationCode2, wallNowMs);
        if (check.kind === 'invalid') throw mfaErrors.invalidCode();
        const assignment = { userName: user.userName, userArn: user.userArn, userId: user.userId, enableDateMs: ctx.nowMs };
        return { writes: [{ kind: 'put', device: { ...device, assignment, lastUsedStep: check.secondStep, driftSteps: 0 } }], result: undefined };
      });
      return {};
    },
  });
}
