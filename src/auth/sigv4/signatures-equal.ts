/**
 * Compares the signature sent with the one computed in constant time (conventions.md habit 10). Lengths are
 * compared first: the length of a hex signature is public, and timingSafeEqual needs equal lengths.
 */
import { timingSafeEqual } from 'node:crypto';

export function signaturesEqual(provided: string, expected: string): boolean {
  const a = Buffer.from(provided, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
