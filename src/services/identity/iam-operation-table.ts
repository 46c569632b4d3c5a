/**
 * The IAM operation table as served: IAM's own operations (DeleteUser told of the users' MFA devices), the
 * virtual MFA operations over the same users (aws-behaviour.md §2.5), and the policy simulator.
 */
import { createIamOperations } from '../iam/index.js';
import type { IamState } from '../iam/iam-state.js';
import { simulateOperations } from '../iam/simulate/index.js';
import { createMfaOperations } from '../mfa/index.js';
import type { MfaState } from '../mfa/mfa-state.js';
import { operationTable } from '../operation.js';
import type { OperationTable } from '../operation.js';
import { iamUserDirectory } from './iam-user-directory.js';

export function iamOperationTable(iam: IamState, mfa: MfaState): OperationTable {
  return new Map([
    ...createIamOperations({ holdings: { mfaDevices: (account, userName) => mfa.devicesOfUser(account, userName).length } }),
    ...createMfaOperations({ state: mfa, users: iamUserDirectory(iam) }),
    ...operationTable(simulateOperations()),
  ]);
}
