/**
 * iam:ListMFADevices: the devices enabled for a user, or without UserName for the caller. The account root
 * has no IAM user, and iamlab gives it no MFA devices, so its list is empty; a role session must name a user.
 */
import type { ListMFADevicesRequest, ListMFADevicesResponse, MFADevice } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation, type ServiceContext } from '../../operation.js';
import { callerUserName, requireUser, userResourceArn, type MfaDeps } from '../mfa-deps.js';
import type { MfaDevice } from '../mfa-device.js';
import { pageInfo, paginate } from '../mfa-paginate.js';
import { mfaDeviceToWire } from '../mfa-wire.js';

function devicesFor(deps: MfaDeps, input: ListMFADevicesRequest, ctx: ServiceContext): MfaDevice[] {
  if (input.UserName === undefined && ctx.principal.type === 'root') return [];
  const userName = input.UserName === undefined ? callerUserName(ctx) : requireUser(deps, ctx.account, input.UserName).userName;
  return deps.state.devicesOfUser(ctx.account, userName);
}

export function listMfaDevices(deps: MfaDeps): Operation {
  return defineOperation<ListMFADevicesRequest, ListMFADevicesResponse>({
    name: 'ListMFADevices',
    authorization: { kind: 'policy', action: 'iam:ListMFADevices', resources: (input, ctx) => [userResourceArn(deps, ctx, input.UserName)] },
    handle: async (input, ctx) => {
      const page = paginate(devicesFor(deps, input, ctx), (device) => device.serialNumber, input.Marker, input.MaxItems);
      const items: MFADevice[] = page.items.flatMap((device) =>
        device.assignment === undefined ? [] : [mfaDeviceToWire(device, device.assignment)],
      );
      return { MFADevices: items, ...pageInfo(page) };
    },
  });
}
