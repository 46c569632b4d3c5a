/** iam:DeleteVirtualMFADevice: only an unassigned device can go (`DeleteConflict` otherwise, §2.5). */
import type { DeleteVirtualMFADeviceRequest } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import { requireDevice, type MfaDeps } from '../mfa-deps.js';
import { mfaErrors } from '../mfa-errors.js';

export function deleteVirtualMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<DeleteVirtualMFADeviceRequest, Record<string, never>>({
    name: 'DeleteVirtualMFADevice',
    authorization: { kind: 'policy', action: 'iam:DeleteVirtualMFADevice', resources: (input) => [input.SerialNumber] },
    handle: async (input, ctx) => {
      await deps.state.mutate(() => {
        const device = requireDevice(deps, ctx.account, input.SerialNumber);
        if (device.assignment !== undefined) throw mfaErrors.deleteConflict();
        return { writes: [{ kind: 'delete', serialNumber: device.serialNumber }], result: undefined };
      });
      return {};
    },
  });
}
