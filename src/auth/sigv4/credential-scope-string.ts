/** `20150830/us-east-1/iam/aws4_request` (§6.3). */
import { SCOPE_TERMINATOR } from './constants.js';
import type { CredentialScope } from './types.js';

export function credentialScopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/${SCOPE_TERMINATOR}`;
}
