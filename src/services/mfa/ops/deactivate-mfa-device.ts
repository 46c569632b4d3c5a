/**
 * iam:DeactivateMFADevice: the device goes back to unassigned (it is not deleted; DeleteVirtualMFADevice
 * does that). Its last accepted step is kept, so re-enabling cannot replay the codes used before.
 * Without UserName the caller's own user is meant (IAM's usual rule, §2.3).
 */
import type { DeactivateMFADeviceRequest } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import { callerUserName, requireDevice, requireUser, userResourceArn, type MfaDeps } from '../mfa-deps.js';

export function deactivateMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<DeactivateMFADeviceRequest, Record<string, never>>({
    name: 'DeactivateMFADevice',
    authorization: { kind: 'policy', action: 'iam:DeactivateMFADevice', resources: (input, ctx) => [userResourceArn(deps, ctx, input.UserName)] },
    handle: async (input, ctx) => {
      const user = requireUser(deps, ctx.account, input.UserName ?? callerUserName(ctx));
      await deps.state.mutate(() => {
        const device = requireDevice(deps, ctx.account, input.SerialNumber, user);
        return { writes: [{ kind: 'put', device: { ...device, assignment: undefined, driftSteps: 0 } }], result: undefined };
      });
      return {};
    },
  });
}
