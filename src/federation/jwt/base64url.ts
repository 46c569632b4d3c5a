/**
 * base64url without padding (RFC 7515 §2, RFC 4648 §5), as JOSE writes every segment of a compact token.
 * Decoding is strict: only the 64 URL-safe characters, no `=`, no whitespace, a length that is not 1 mod 4, and
 * the unused low bits of the last character zero — so each byte string has exactly one accepted text and a token
 * cannot be altered without changing its signing input.
 */
const ALPHABET = /^[A-Za-z0-9_-]*$/;
const INDEX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function base64urlEncode(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString('base64url');
}

/** The bytes of a base64url text, or undefined when the text is not canonical unpadded base64url. */
export function base64urlDecode(text: string): Buffer | undefined {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  // The last character of a 2- or 3-character tail carries 4 or 2 unused bits, which must be zero.
  const tail = text.length % 4;
  if (tail !== 0) {
    const last = INDEX.indexOf(text.charAt(text.length - 1));
    const unusedMask = tail === 2 ? 0b1111 : 0b11;
    if ((last & unusedMask) !== 0) return undefined;
  }
  return Buffer.from(text, 'base64url');
}
