/**
 * What the MFA operations share: their dependencies, and the lookups every one of them starts with (the
 * target user, the caller's own user name, the resource ARN a policy decides on — aws-behaviour.md §7.8).
 */
import { userArn } from '../../arn/arn.js';
import type { ServiceContext } from '../operation.js';
import type { MfaDevice } from './mfa-device.js';
import { mfaErrors } from './mfa-errors.js';
import type { MfaState } from './mfa-state.js';
import type { DirectoryUser, UserDirectory } from './user-directory.js';

export interface MfaDeps {
  readonly state: MfaState;
  readonly users: UserDirectory;
}

/** The caller's own IAM user name, for operations whose UserName is optional (IAM's usual rule, §2.3). */
export function callerUserName(ctx: ServiceContext): string {
  if (ctx.principal.type === 'user') return ctx.principal.userName;
  throw mfaErrors.nonUserCredentials();
}

export function requireUser(deps: MfaDeps, account: string, userName: string): DirectoryUser {
  const user = deps.users.findUser(account, userName);
  if (user === undefined) throw mfaErrors.noSuchUser(userName);
  return user;
}

/**
 * The user ARN an operation on `userName` (or, without one, on the caller) is authorized against. An unknown
 * user gets the ARN it would have at path `/`, so a policy still decides before the handler says NoSuchEntity.
 */
export function userResourceArn(deps: MfaDeps, ctx: ServiceContext, userName: string | undefined): string {
  if (userName !== undefined) return deps.users.findUser(ctx.account, userName)?.userArn ?? userArn(ctx.account, '/', userName);
  const { principal } = ctx;
  return principal.type === 'user' || principal.type === 'root' ? principal.arn : '*';
}

function isAssignedTo(device: MfaDevice, user: DirectoryUser): boolean {
  return device.assignment?.userName.toLowerCase() === user.userName.toLowerCase();
}

/** The device, or NoSuchEntity; with `user`, the device must also be enabled for that user. */
export function requireDevice(deps: MfaDeps, account: string, serialNumber: string, user?: DirectoryUser): MfaDevice {
  const device = deps.state.find(account, serialNumber);
  if (device === undefined || (user !== undefined && !isAssignedTo(device, user))) throw mfaErrors.noSuchDevice(serialNumber);
  return device;
}
