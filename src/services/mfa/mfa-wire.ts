/**
 * Our devices → IAM's wire structures (the generated model's member names stay here, at the edge).
 * List answers carry no seed, QR code or tags (IAM's list operations return a subset of attributes).
 */
import { parseArn } from '../../arn/arn.js';
import type { MFADevice } from '../../protocol/models/iam.js';
import type { MfaAssignment, MfaDevice } from './mfa-device.js';
import type { UserDirectory } from './user-directory.js';

/** IAM's `User` structure; CreateDate is left out when the user directory does not know it. */
export interface WireUser {
  readonly Path: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate?: number;
}

export interface WireVirtualMfaDevice {
  readonly SerialNumber: string;
  readonly User?: WireUser;
  readonly EnableDate?: number;
}

/** `arn:aws:iam::A:user/<path><name>` → `<path>` (`/` if the ARN does not have that form). */
function userPathFromArn(arn: string, userName: string): string {
  const resource = parseArn(arn)?.resource ?? '';
  if (!resource.startsWith('user/') || !resource.endsWith(userName)) return '/';
  return resource.slice('user'.length, resource.length - userName.length);
}

function wireUser(account: string, assignment: MfaAssignment, users: UserDirectory): WireUser {
  const createDateMs = users.findUser(account, assignment.userName)?.createDateMs;
  return {
    Path: userPathFromArn(assignment.userArn, assignment.userName),
    UserName: assignment.userName,
    UserId: assignment.userId,
    Arn: assignment.userArn,
    ...(createDateMs === undefined ? {} : { CreateDate: createDateMs }),
  };
}

export function virtualDeviceToWire(device: MfaDevice, users: UserDirectory): WireVirtualMfaDevice {
  const { assignment } = device;
  if (assignment === undefined) return { SerialNumber: device.serialNumber };
  return { SerialNumber: device.serialNumber, User: wireUser(device.account, assignment, users), EnableDate: assignment.enableDateMs };
}

/** For ListMFADevices: only assigned devices are listed, so the assignment is there. */
export function mfaDeviceToWire(device: MfaDevice, assignment: MfaAssignment): MFADevice {
  return { UserName: assignment.userName, SerialNumber: device.serialNumber, EnableDate: assignment.enableDateMs };
}
