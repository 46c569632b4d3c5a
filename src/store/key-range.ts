/**
 * Prefix matching as a key range, so that `%`, `_` and every other character match only themselves (no
 * LIKE patterns, whose escaping and case rules differ between SQLite and PostgreSQL) and the primary-key
 * index serves the scan.
 *
 * Keys are ordered by their UTF-8 bytes, which is code point order. The keys that start with `prefix` are
 * exactly those in [prefix, upper), where `upper` is `prefix` with its trailing U+10FFFF code points removed
 * and its last remaining code point incremented. No upper bound exists when nothing remains (empty prefix).
 */
const MAX_CODE_POINT = 0x10ffff;

export function prefixUpperBound(prefix: string): string | undefined {
  const chars = Array.from(prefix);
  while (chars.length > 0 && chars[chars.length - 1]?.codePointAt(0) === MAX_CODE_POINT) chars.pop();
  const last = chars.pop()?.codePointAt(0);
  if (last === undefined) return undefined;
  // Surrogate code points never occur in stored keys (input-checks.ts), so skipping them loses nothing.
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return chars.join('') + String.fromCodePoint(next);
}
