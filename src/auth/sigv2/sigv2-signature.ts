/** SigV2 signature: base64(HMAC-SHA1(secret, string to sign)) (§5.4). */
import { createHmac } from 'node:crypto';

export function sigv2Signature(secretAccessKey: string, stringToSignText: string): string {
  return createHmac('sha1', secretAccessKey).update(stringToSignText, 'utf8').digest('base64');
}
