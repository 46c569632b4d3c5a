/**
 * `xs:dateTime` as SAML writes its instants (saml-core-2.0-os §1.3.3: UTC, `Z`, no offset expected but allowed by
 * the schema) to epoch milliseconds; `undefined` for anything else. Fractions past milliseconds are cut.
 */
const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

export function parseXmlDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = fields;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 59) return undefined;
  if (h === 24 && (mi !== 0 || s !== 0 || /[1-9]/.test(fraction))) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  // Date.UTC rolls 31 February over into March: such a date does not exist.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return Number.isFinite(utc) ? utc - offsetMinutes * 60_000 : undefined;
}
