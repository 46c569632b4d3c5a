/**
 * How CloudTrail writes a time inside `requestParameters` and `responseElements` (aws-behaviour.md §13.6): Java's
 * medium date-time in UTC, `Oct 27, 2025, 12:16:57 AM` [O: the `expiration` of an AssumeRole event and the
 * `startTime` of a LookupEvents event, October 2025]. (Older events, before Java's locale data changed, had no
 * comma after the year: `Jul 18, 2014 4:07:39 PM`, IAM-UG cloudtrail-integration.)
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

export function javaDate(epochMs: number): string {
  const d = new Date(epochMs);
  const hours = d.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const month = MONTHS[d.getUTCMonth()] ?? '';
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hour12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** `creationDate`, `eventTime`: ISO 8601 to the second, `2025-10-27T00:01:57Z`. */
export function isoSecond(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
