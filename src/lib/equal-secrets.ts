/**
 * Compares a secret the client sent (a signature, a session token, an MFA code, the admin token) with the
 * one expected, in constant time: `crypto.timingSafeEqual` over the UTF-8 bytes (conventions.md habit 10).
 * The byte lengths are compared first; the length of a signature or token is not secret. UTF-8, not latin1:
 * latin1 keeps only the low byte of each character, so `š` (U+0161) would compare equal to `a`.
 * Measured against a loop over char codes with no buffers (64-character hex signatures, 2 million compares):
 * about 0.2 µs more per compare, under 1% of the lightest request's CPU — not a reason to keep our own.
 */
import { timingSafeEqual } from 'node:crypto';

export function secretsEqual(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
