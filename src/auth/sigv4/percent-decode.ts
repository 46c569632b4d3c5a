/**
 * Decodes `%XX` escapes into bytes (§6.2: query names and values are decoded, then re-encoded). Works on
 * bytes, not text, so an escape that is not valid UTF-8 round-trips unchanged instead of turning into U+FFFD.
 * A `%` not followed by two hex digits is kept literally, as lenient servers do. With `plusAsSpace`, `+` is
 * a space (form encoding, which is how AWS reads a raw `+` in a query string).
 *
 * Every presigned request decodes its query (the credential scope's `%2F`s), so this writes bytes straight into
 * one buffer: a UTF-16 code unit is at most three UTF-8 bytes, and an escape, three characters, one byte.
 */
export function percentDecode(raw: string, plusAsSpace: boolean): Buffer {
  if (!raw.includes('%') && !(plusAsSpace && raw.includes('+'))) return Buffer.from(raw, 'utf8');
  const bytes = Buffer.allocUnsafe(raw.length * 3);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25) {
      const high = hexValue(raw.charCodeAt(i + 1));
      const low = high === -1 ? -1 : hexValue(raw.charCodeAt(i + 2));
      if (low !== -1) {
        bytes[length++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    if (code === 0x2b && plusAsSpace) {
      bytes[length++] = 0x20;
    } else if (code < 0x80) {
      bytes[length++] = code;
    } else {
      // Anything else (including non-ASCII text from a test file) contributes its UTF-8 bytes. A surrogate
      // pair spans two string indices, so take the whole code point (a lone surrogate becomes U+FFFD's bytes).
      const char = String.fromCodePoint(raw.codePointAt(i) ?? 0);
      length += bytes.write(char, length, 'utf8');
      i += char.length - 1;
    }
  }
  return bytes.subarray(0, length);
}

/** The value of a hex digit's character code; -1 for anything else (NaN past the end included). */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}
