/**
 * Virtual MFA devices (aws-behaviour.md §2.5): the IAM operations as a table built from their dependencies,
 * the in-memory + stored state, and the two entry points STS and the CLI use.
 */
import { operationTable, type OperationTable } from '../operation.js';
import type { MfaDeps } from './mfa-deps.js';
import { createVirtualMfaDevice } from './ops/create-virtual-mfa-device.js';
import { deactivateMfaDevice } from './ops/deactivate-mfa-device.js';
import { deleteVirtualMfaDevice } from './ops/delete-virtual-mfa-device.js';
import { enableMfaDevice } from './ops/enable-mfa-device.js';
import { getMfaDevice } from './ops/get-mfa-device.js';
import { listMfaDevices } from './ops/list-mfa-devices.js';
import { listVirtualMfaDevices } from './ops/list-virtual-mfa-devices.js';
import { listMfaDeviceTags, tagMfaDevice, untagMfaDevice } from './ops/mfa-device-tags.js';
import { resyncMfaDevice } from './ops/resync-mfa-device.js';

export { MfaState } from './mfa-state.js';

export type { DirectoryUser, UserDirectory } from './user-directory.js';

export { verifyMfa, currentCode } from './verify-mfa.js';

export function createMfaOperations(deps: MfaDeps): OperationTable {
  return operationTable([
    createVirtualMfaDevice(deps),
    enableMfaDevice(deps),
    resyncMfaDevice(deps),
    deactivateMfaDevice(deps),
    deleteVirtualMfaDevice(deps),
    listMfaDevices(deps),
    listVirtualMfaDevices(deps),
    getMfaDevice(deps),
    tagMfaDevice(deps),
    untagMfaDevice(deps),
    listMfaDeviceTags(deps),
  ]);
}
