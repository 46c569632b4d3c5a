/** The STS operation table (aws-behaviour.md §1), built from its dependencies. */
import type { OperationTable } from '../operation.js';
import { operationTable } from '../operation.js';
import { assumeRole } from './assume-role.js';
import { assumeRoot } from './assume-root.js';
import { assumeRoleWithSaml } from './assume-role-with-saml.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { decodeAuthorizationMessageOperation } from './decode-authorization-message.js';
import { getAccessKeyInfo } from './get-access-key-info.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getFederationToken } from './get-federation-token.js';
import { getSessionToken } from './get-session-token.js';
import { getWebIdentityToken } from './get-web-identity-token.js';
import type { StsDeps } from './sts-deps.js';

export { accountOfKeyId } from './get-access-key-info.js';

export function createStsOperations(deps: StsDeps): OperationTable {
  return operationTable([
    getCallerIdentity,
    assumeRole(deps),
    assumeRoot,
    assumeRoleWithWebIdentity(deps),
    assumeRoleWithSaml(deps),
    getSessionToken(deps),
    getFederationToken(deps),
    getAccessKeyInfo,
    decodeAuthorizationMessageOperation(deps),
    getWebIdentityToken(deps),
  ]);
}
