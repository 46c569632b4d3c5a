/**
 * What temporary credentials may not do whatever their policies say (aws-behaviour.md §1.3, §1.7, §2.7):
 * - any session credentials calling GetSessionToken (or GetFederationToken): 403 AccessDenied
 *   `Cannot call GetSessionToken with session credentials`;
 * - GetSessionToken credentials made without MFA calling IAM: 403 `InvalidClientTokenId` (observed: not
 *   AccessDenied);
 * - GetSessionToken credentials calling STS other than AssumeRole and GetCallerIdentity: 403 AccessDenied,
 *   worded as an ordinary denial of the action ([U]: AWS's exact text is not recorded);
 * - GetFederationToken credentials (aws-behaviour.md §10.5) calling IAM at all: 403 `InvalidClientTokenId`, as
 *   observed (jantman/awslimitchecker#139); calling STS other than GetCallerIdentity: 403 AccessDenied worded as
 *   an ordinary denial ([U]).
 */
import type { Credential } from '../../auth/credentials.js';
import type { ServiceName } from '../../errors/auth-errors.js';
import type { AwsError } from '../../errors/aws-error.js';
import { queryErrors } from '../../errors/common.js';
import { accessDeniedError } from '../../errors/access-denied.js';

const STS_ALLOWED_FOR_SESSION_TOKEN = new Set(['AssumeRole', 'GetCallerIdentity']);
const STS_ALLOWED_FOR_FEDERATION_TOKEN = new Set(['GetCallerIdentity']);
const LONG_TERM_ONLY = new Set(['GetSessionToken', 'GetFederationToken']);

export function sessionRestriction(credential: Credential, service: ServiceName, operation: string): AwsError | undefined {
  if (credential.kind !== 'temporary') return undefined;
  const claims = credential.session;
  if (service === 'sts' && LONG_TERM_ONLY.has(operation)) {
    return queryErrors.accessDenied(`Cannot call ${operation} with session credentials`);
  }
  switch (claims.kind) {
    case 'assumed-role':
      return undefined;
    case 'session-token':
      if (service === 'iam' && claims.mfaMs === undefined) return queryErrors.invalidClientTokenId();
      return stsRestriction(credential, service, operation, STS_ALLOWED_FOR_SESSION_TOKEN);
    case 'federation-token':
      if (service === 'iam') return queryErrors.invalidClientTokenId();
      return stsRestriction(credential, service, operation, STS_ALLOWED_FOR_FEDERATION_TOKEN);
  }
}

function stsRestriction(credential: Credential, service: ServiceName, operation: string, allowed: ReadonlySet<string>): AwsError | undefined {
  if (service !== 'sts' || allowed.has(operation)) return undefined;
  return accessDeniedError('sts', { principalArn: credential.principal.arn, action: `sts:${operation}`, resource: '*' });
}
