/**
 * Strict base64 (RFC 4648 §4, padded), with XML white space allowed between characters since `ds:CryptoBinary`
 * and `ds:X509Certificate` values are often wrapped; undefined for anything else (Node's own decoder skips
 * what it does not understand, which would let junk through).
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}
