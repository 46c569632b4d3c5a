/**
 * The IAM operation table as served: IAM's own operations (DeleteUser told of the users' MFA devices), the
 * virtual MFA operations over the same users (aws-behaviour.md §2.5), the policy simulator, and the usage
 * answers (services/usage). Every one checks its ARN and path parameters before authorization
 * (aws-behaviour.md §10.2, §10.10).
 */
import { checkIamArnParameters } from '../iam/arn-parameters.js';
import type { InvalidArnText } from '../iam/arn-parameters.js';
import { createIamOperations } from '../iam/index.js';
import type { OidcDeleteMissing } from '../iam/index.js';
import { checkIamPaths } from '../iam/path-parameters.js';
import type { IamState } from '../iam/iam-state.js';
import { simulateOperations } from '../iam/simulate/index.js';
import { createMfaOperations } from '../mfa/index.js';
import type { MfaState } from '../mfa/mfa-state.js';
import { outboundIamOperations } from '../oidc-issuers/outbound-iam-operations.js';
import type { OidcIssuers } from '../oidc-issuers/oidc-issuers-state.js';
import { operationTable } from '../operation.js';
import type { Operation, OperationTable } from '../operation.js';
import { usageOperations } from '../usage/index.js';
import type { UsageDeps } from '../usage/index.js';
import { iamUserDirectory } from './iam-user-directory.js';

function withArnChecks(operation: Operation, invalidArnText: InvalidArnText): Operation {
  const own = operation.validate;
  return { ...operation, validate: (input) => checkIamArnParameters(input, invalidArnText) ?? checkIamPaths(input) ?? own?.(input) };
}

export function iamOperationTable(
  iam: IamState,
  mfa: MfaState,
  invalidArnText: InvalidArnText,
  oidc: OidcIssuers,
  oidcDeleteMissing: OidcDeleteMissing = 'not-found',
  /** The usage answers (GetAccessKeyLastUsed, the credential report, access advisor) and what they read. */
  usage?: UsageDeps,
): OperationTable {
  const operations = [
    ...createIamOperations({
      holdings: { mfaDevices: (account, userName) => mfa.devicesOfUser(account, userName).length },
      oidcDeleteMissing,
      ...(usage === undefined ? {} : { roleLastUsed: (account: string, roleId: string) => usage.usage.roleLastUsed(account, roleId) }),
    }),
    ...createMfaOperations({ state: mfa, users: iamUserDirectory(iam) }),
    ...operationTable(simulateOperations()),
    ...operationTable(outboundIamOperations(oidc)),
    ...operationTable(usage === undefined ? [] : usageOperations(usage)),
  ];
  return new Map(operations.map(([name, operation]) => [name, withArnChecks(operation, invalidArnText)]));
}
