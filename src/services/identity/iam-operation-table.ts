/**
 * The IAM operation table as served: IAM's own operations, the virtual MFA operations over the same users
 * (aws-behaviour.md §2.5), the policy simulator, and DeleteUser refusing while an MFA device is enabled.
 */
import { iamOperations } from '../iam/index.js';
import type { IamState } from '../iam/iam-state.js';
import { simulateOperations } from '../iam/simulate/index.js';
import { createMfaOperations } from '../mfa/index.js';
import type { MfaState } from '../mfa/mfa-state.js';
import { operationTable } from '../operation.js';
import type { OperationTable } from '../operation.js';
import { guardDeleteUser } from './delete-user-guard.js';
import { iamUserDirectory } from './iam-user-directory.js';

export function iamOperationTable(iam: IamState, mfa: MfaState): OperationTable {
  const table = new Map([
    ...iamOperations,
    ...createMfaOperations({ state: mfa, users: iamUserDirectory(iam) }),
    ...operationTable(simulateOperations()),
  ]);
  const deleteUser = table.get('DeleteUser');
  if (deleteUser !== undefined) table.set('DeleteUser', guardDeleteUser(deleteUser, mfa));
  return table;
}
