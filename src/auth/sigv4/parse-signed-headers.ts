/**
 * `host;x-amz-date` → `['host', 'x-amz-date']`, lower-cased, empty names dropped, order kept.
 *
 * A client sends the same list on every request, so results are remembered (frozen, so that sharing them
 * is safe) in a small bounded table: a pure function with a memo, not state anyone can observe.
 */
const MAX_REMEMBERED = 256;
const remembered = new Map<string, readonly string[]>();

export function parseSignedHeaders(text: string): readonly string[] {
  const known = remembered.get(text);
  if (known !== undefined) return known;
  const names = Object.freeze(
    text
      .split(';')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
  // When full, the oldest entry goes: a burst of unusual lists costs only a re-parse later.
  if (remembered.size >= MAX_REMEMBERED) {
    const oldest = remembered.keys().next();
    if (oldest.done !== true) remembered.delete(oldest.value);
  }
  remembered.set(text, names);
  return names;
}
