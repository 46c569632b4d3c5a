/**
 * Base32 (RFC 4648 §6, the upper-case `A–Z2–7` alphabet). IAM hands out virtual-MFA seeds in this form
 * (aws-behaviour.md §2.5) and authenticator apps read it from the `secret=` of an `otpauth://` URI.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const VALUES: ReadonlyMap<string, number> = new Map([...ALPHABET].map((ch, index) => [ch, index]));

interface Base32EncodeOptions {
  /** Pad with `=` to a multiple of 8 characters (RFC 4648 default: true). `otpauth://` URIs omit it. */
  readonly padding?: boolean;
}

export function base32Encode(data: Uint8Array, options: Base32EncodeOptions = {}): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding ?? true) while (out.length % 8 !== 0) out += '=';
  return out;
}

/**
 * Decodes base32 text, case-insensitively, with or without `=` padding (authenticator apps and people drop
 * it). Returns undefined for a character outside the alphabet, padding in the middle, or a length no
 * encoder can produce (1, 3 or 6 characters in the last group).
 */
export function base32Decode(text: string): Buffer | undefined {
  const body = text.replace(/=+$/, '').toUpperCase();
  if ([1, 3, 6].includes(body.length % 8)) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of body) {
    const value = VALUES.get(ch);
    if (value === undefined) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >>> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}
