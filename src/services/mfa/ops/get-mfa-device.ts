/**
 * iam:GetMFADevice: one device's assignment (its `Certifications` are for FIDO keys, which iamlab does not
 * model, so they never appear). With UserName the device must be enabled for that user.
 */
import type { GetMFADeviceRequest, GetMFADeviceResponse } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import { requireDevice, requireUser, userResourceArn, type MfaDeps } from '../mfa-deps.js';

export function getMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<GetMFADeviceRequest, GetMFADeviceResponse>({
    name: 'GetMFADevice',
    authorization: { kind: 'policy', action: 'iam:GetMFADevice', resources: (input, ctx) => [userResourceArn(deps, ctx, input.UserName)] },
    handle: async (input, ctx) => {
      const user = input.UserName === undefined ? undefined : requireUser(deps, ctx.account, input.UserName);
      const device = requireDevice(deps, ctx.account, input.SerialNumber, user);
      const { assignment } = device;
      if (assignment === undefined) return { SerialNumber: device.serialNumber };
      return { SerialNumber: device.serialNumber, UserName: assignment.userName, EnableDate: assignment.enableDateMs };
    },
  });
}
