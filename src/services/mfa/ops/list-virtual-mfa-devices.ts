/**
 * iam:ListVirtualMFADevices: the account's virtual devices filtered by AssignmentStatus, which defaults to
 * `Any` (IAM API reference). Items carry SerialNumber, and User + EnableDate when assigned.
 */
import type { ListVirtualMFADevicesRequest } from '../../../protocol/models/iam.js';
import { assertNever } from '../../../lib/assert-never.js';
import { defineOperation, type Operation } from '../../operation.js';
import type { MfaDeps } from '../mfa-deps.js';
import type { MfaDevice } from '../mfa-device.js';
import { pageInfo, paginate } from '../mfa-paginate.js';
import { virtualDeviceToWire, type WireVirtualMfaDevice } from '../mfa-wire.js';

interface ListVirtualMfaDevicesOutput {
  readonly VirtualMFADevices: WireVirtualMfaDevice[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

function matches(device: MfaDevice, status: NonNullable<ListVirtualMFADevicesRequest['AssignmentStatus']>): boolean {
  switch (status) {
    case 'Any':
      return true;
    case 'Assigned':
      return device.assignment !== undefined;
    case 'Unassigned':
      return device.assignment === undefined;
    default:
      return assertNever(status);
  }
}

export function listVirtualMfaDevices(deps: MfaDeps): Operation {
  return defineOperation<ListVirtualMFADevicesRequest, ListVirtualMfaDevicesOutput>({
    name: 'ListVirtualMFADevices',
    authorization: { kind: 'policy', action: 'iam:ListVirtualMFADevices', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const status = input.AssignmentStatus ?? 'Any';
      const devices = deps.state.devicesOf(ctx.account).filter((device) => matches(device, status));
      const page = paginate(devices, (device) => device.serialNumber, input.Marker, input.MaxItems);
      return { VirtualMFADevices: page.items.map((device) => virtualDeviceToWire(device, deps.users)), ...pageInfo(page) };
    },
  });
}
