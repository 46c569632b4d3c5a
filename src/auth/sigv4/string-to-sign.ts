/**
 * Step 2 (§6.3):
 * ```
 * AWS4-HMAC-SHA256
 * 20150830T123600Z
 * 20150830/us-east-1/service/aws4_request
 * <hex SHA-256 of the canonical request>
 * ```
 */
import { ALGORITHM } from './constants.js';
import { credentialScopeString } from './credential-scope-string.js';
import { sha256Hex } from './sha256-hex.js';
import type { CredentialScope } from './types.js';

export function stringToSign(amzDate: string, scope: CredentialScope, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${amzDate}\n${credentialScopeString(scope)}\n${sha256Hex(canonicalRequestText)}`;
}
