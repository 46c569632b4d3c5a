/**
 * Identifiers derived from a name, so the same repository or service account always carries the same id in
 * the lab's tokens (a trust policy or a test can rely on it) without anything stored.
 */
import { createHash } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Decimal digits, no leading zero: GitHub's numeric ids, sent as strings (aws-federation.md §2.7). */
export function stableDigits(text: string, length: number): string {
  const digits = [...digest(text)].map((byte) => String(byte % 10)).join('');
  return `${1 + ((digest(`lead:${text}`)[0] ?? 0) % 9)}${digits.slice(0, length - 1)}`;
}

/** Lower-case hex (commit shas, uids). */
export function stableHex(text: string, length: number): string {
  return createHash('sha512').update(text).digest('hex').slice(0, length);
}

/** A UUID-shaped id (Kubernetes uids). */
export function stableUuid(text: string): string {
  const h = stableHex(text, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
