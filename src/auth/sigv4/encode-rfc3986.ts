/**
 * SigV4's URI encoding (§6.2): the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~` stay as they are,
 * every other byte of the UTF-8 text becomes `%XX` with upper-case hex. Space is `%20`, never `+`.
 * `keepSlash` leaves `/` alone (used for paths, where `/` separates segments).
 */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;

const ESCAPED: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const ch = String.fromCharCode(byte);
  return /^[A-Za-z0-9\-._~]$/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

export function encodeRfc3986(input: string | Uint8Array, keepSlash = false): string {
  if (typeof input === 'string' && UNRESERVED_ONLY.test(input)) return input;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '';
  for (const byte of bytes) out += keepSlash && byte === 0x2f ? '/' : ESCAPED[byte];
  return out;
}
