/**
 * The instants a person types for `iamlab clock set`, read strictly: ISO-8601 with a date that exists
 * (`2030-02-30` is refused, where `Date.parse` reads it as 2 March) and an explicit zone (`Z` or `±hh:mm`;
 * a time without one would be read in this machine's zone). A date alone is midnight UTC.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * The latest virtual instant the clock may reach. AWS writes times as ISO-8601 with four-digit years
 * (`Expiration`, `CreateDate`, `LastModified`…), so nothing the lab writes may pass 9999-12-31; the clock
 * stops a week short so that a session issued at its end (36 hours at most) still expires within year 9999.
 * [U] AWS has no such case; the bound is the wire format's.
 */
export const MAX_VIRTUAL_MS = Date.UTC(9999, 11, 24, 23, 59, 59);

type InstantParse = { readonly kind: 'ok'; readonly ms: number } | { readonly kind: 'error'; readonly reason: string };

export function parseInstant(text: string): InstantParse {
  const match = INSTANT.exec(text.trim());
  if (match === null) {
    return { kind: 'error', reason: `\`${text}\` is not a time: write it as 2030-01-01, or 2030-01-01T09:30:00Z with a zone (Z or +02:00)` };
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (hour !== undefined && zone === undefined) {
    return { kind: 'error', reason: `\`${text}\` has no zone: add Z for UTC (or an offset such as +02:00)` };
  }
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour ?? 0);
  const mi = Number(minute ?? 0);
  const s = Number(second ?? 0);
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number((fraction ?? '0').padEnd(3, '0')));
  const check = new Date(local);
  // Date.UTC rolls 30 February over into March and hour 24 into the next day: a real date reads back the same.
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return { kind: 'error', reason: `\`${text}\` is not a date that exists` };
  }
  const offsetMinutes =
    zone === undefined || zone.toUpperCase() === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return { kind: 'ok', ms: local - offsetMinutes * 60_000 };
}
