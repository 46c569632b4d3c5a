/** Step 4 (§6.3): the signature is the lower-case hex HMAC-SHA256 of the string to sign under kSigning. */
import { createHmac } from 'node:crypto';

export function computeSignature(signingKey: Buffer, stringToSignText: string): string {
  return createHmac('sha256', signingKey).update(stringToSignText, 'utf8').digest('hex');
}
