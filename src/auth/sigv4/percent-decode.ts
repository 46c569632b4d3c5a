/**
 * Decodes `%XX` escapes into bytes (§6.2: query names and values are decoded, then re-encoded). Works on
 * bytes, not text, so an escape that is not valid UTF-8 round-trips unchanged instead of turning into U+FFFD.
 * A `%` not followed by two hex digits is kept literally, as lenient servers do. With `plusAsSpace`, `+` is
 * a space (form encoding, which is how AWS reads a raw `+` in a query string).
 */
const HEX = /^[0-9A-Fa-f]{2}$/;

export function percentDecode(raw: string, plusAsSpace: boolean): Buffer {
  if (!raw.includes('%') && !(plusAsSpace && raw.includes('+'))) return Buffer.from(raw, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '%' && HEX.test(raw.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '+' && plusAsSpace) {
      bytes.push(0x20);
    } else {
      // Anything else (including non-ASCII text from a test file) contributes its UTF-8 bytes. A surrogate
      // pair spans two string indices, so take the whole code point.
      const codePoint = raw.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(codePoint);
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return Buffer.from(bytes);
}
