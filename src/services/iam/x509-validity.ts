/**
 * A certificate's validity period as epoch milliseconds. Node 20's X509Certificate gives `validFrom` and
 * `validTo` only as OpenSSL prints them — `Mar  9 15:00:49 2030 GMT` — so they are read here by that fixed
 * format instead of through `Date.parse`, whose handling of non-ISO text is the engine's choice.
 */
import type { X509Certificate } from 'node:crypto';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mmm dd hh:mm:ss yyyy GMT`, the day padded with a space (OpenSSL's ASN1_TIME_print). */
const OPENSSL_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/;

function openSslTimeMs(text: string): number | undefined {
  const match = OPENSSL_TIME.exec(text);
  if (match === null) return undefined;
  const [, month = '', day, hours, minutes, seconds, year] = match;
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) return undefined;
  return Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds));
}

interface Validity {
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

/** undefined when OpenSSL printed a time this reader does not know (it always prints the form above). */
export function validityOf(certificate: X509Certificate): Validity | undefined {
  const notBeforeMs = openSslTimeMs(certificate.validFrom);
  const notAfterMs = openSslTimeMs(certificate.validTo);
  return notBeforeMs === undefined || notAfterMs === undefined ? undefined : { notBeforeMs, notAfterMs };
}
