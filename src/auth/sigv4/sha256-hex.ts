/**
 * Hex SHA-256 of UTF-8 text or bytes. `crypto.hash` (Node 20.12+) does it in one call, without a Hash
 * object per request; older Node 20 releases fall back to `createHash`.
 */
import * as crypto from 'node:crypto';

const oneShot = (crypto as Partial<typeof crypto>).hash;

export function sha256Hex(data: string | Uint8Array): string {
  if (oneShot !== undefined) return oneShot('sha256', data, 'hex');
  return crypto.createHash('sha256').update(data).digest('hex');
}
