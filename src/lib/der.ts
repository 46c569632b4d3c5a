/**
 * A DER encoder (ITU-T X.690 §10) for the few ASN.1 types an X.509 certificate needs. Node can read
 * certificates (`X509Certificate`) but not make them, and the lab's SAML identity provider needs one.
 */
export function derTlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** Definite length: short form below 128, else the long form with the fewest bytes (X.690 §10.1). */
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const derSequence = (...items: Buffer[]): Buffer => derTlv(0x30, Buffer.concat(items));

/** SET OF, its elements sorted by their encodings as DER requires (X.690 §11.6). */
export const derSet = (...items: Buffer[]): Buffer => derTlv(0x31, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b))));

export const derNull = (): Buffer => Buffer.from([0x05, 0x00]);

export const derBoolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);

/** A non-negative INTEGER from big-endian bytes: leading zeros dropped, one added when the top bit is set. */
export function derUnsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  const content = ((trimmed[0] ?? 0) & 0x80) !== 0 || trimmed.length === 0 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return derTlv(0x02, content);
}

export function derSmallInteger(value: number): Buffer {
  return derUnsignedInteger(Buffer.from([value]));
}

export function derObjectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return derTlv(0x06, Buffer.from(bytes));
}

export const derUtf8String = (text: string): Buffer => derTlv(0x0c, Buffer.from(text, 'utf8'));

export const derOctetString = (bytes: Buffer): Buffer => derTlv(0x04, bytes);

/** A BIT STRING of whole bytes (no unused bits). */
export const derBitString = (bytes: Buffer): Buffer => derTlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/** `[n] EXPLICIT`: a constructed context-specific tag around one encoding. */
export const derExplicit = (tagNumber: number, inner: Buffer): Buffer => derTlv(0xa0 | tagNumber, inner);

/**
 * An X.509 `Time`: UTCTime (`YYMMDDHHMMSSZ`) through 2049, GeneralizedTime (`YYYYMMDDHHMMSSZ`) from 2050 on
 * (RFC 5280 §4.1.2.5). Seconds are whole.
 */
export function derTime(epochMs: number): Buffer {
  const iso = new Date(Math.floor(epochMs / 1000) * 1000).toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = new Date(epochMs).getUTCFullYear();
  return year < 2050 ? derTlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : derTlv(0x18, Buffer.from(digits, 'ascii'));
}
