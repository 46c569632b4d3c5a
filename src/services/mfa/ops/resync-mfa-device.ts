/**
 * iam:ResyncMFADevice (aws-behaviour.md §2.5): two consecutive codes searched over a wider window; a pair
 * found outside the normal ±1 step becomes the device's drift, so later codes are checked around it.
 */
import type { ResyncMFADeviceRequest } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import { checkResyncCodes } from '../check-codes.js';
import { requireDevice, requireUser, userResourceArn, type MfaDeps } from '../mfa-deps.js';
import { mfaErrors } from '../mfa-errors.js';

export function resyncMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<ResyncMFADeviceRequest, Record<string, never>>({
    name: 'ResyncMFADevice',
    authorization: { kind: 'policy', action: 'iam:ResyncMFADevice', resources: (input, ctx) => [userResourceArn(deps, ctx, input.UserName)] },
    handle: async (input, ctx) => {
      const user = requireUser(deps, ctx.account, input.UserName);
      const wallNowMs = ctx.clock.wallNow();
      await deps.state.mutate(() => {
        const device = requireDevice(deps, ctx.account, input.SerialNumber, user);
        const check = checkResyncCodes(device, input.AuthenticationCode1, input.AuthenticationCode2, wallNowMs);
        if (check.kind === 'invalid') throw mfaErrors.invalidCode();
        return { writes: [{ kind: 'put', device: { ...device, lastUsedStep: check.secondStep, driftSteps: check.driftSteps } }], result: undefined };
      });
      return {};
    },
  });
}
