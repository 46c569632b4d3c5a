/**
 * Compares the signature sent with the one computed in constant time (conventions.md habit 10): every
 * character is visited whatever the earlier ones were, with no early exit. Lengths are compared first: the
 * length of a hex signature is public. A loop over char codes costs no buffers, which matters on a path
 * every request takes (`timingSafeEqual` needed two `Buffer.from` copies per request).
 */
export function signaturesEqual(provided: string, expected: string): boolean {
  if (provided.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < provided.length; i++) difference |= provided.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
