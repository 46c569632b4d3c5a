/**
 * Step 3 (§6.3): kDate = HMAC("AWS4" + secret, date); kRegion = HMAC(kDate, region);
 * kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request").
 */
import { createHmac } from 'node:crypto';
import { KEY_PREFIX, SCOPE_TERMINATOR } from './constants.js';
import type { CredentialScope } from './types.js';

export function deriveSigningKey(secretAccessKey: string, scope: CredentialScope): Buffer {
  const kDate = hmac(`${KEY_PREFIX}${secretAccessKey}`, scope.date);
  const kRegion = hmac(kDate, scope.region);
  const kService = hmac(kRegion, scope.service);
  return hmac(kService, SCOPE_TERMINATOR);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
