/**
 * Reads the `Date` header, used for SigV4 only when there is no X-Amz-Date (§6.1): the RFC 1123 form HTTP
 * requires, `Sun, 30 Aug 2015 12:36:00 GMT`. Undefined for anything else (including an impossible date or
 * a weekday that does not match).
 */
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseHttpDate(text: string): number | undefined {
  const match = RFC1123.exec(text.trim());
  if (match === null) return undefined;
  const [, , day, monthName, year, hour, minute, second] = match;
  const ms = Date.UTC(Number(year), MONTHS.indexOf(monthName ?? ''), Number(day), Number(hour), Number(minute), Number(second));
  // toUTCString writes the same RFC 1123 form, so a round trip rejects 31 Feb and a wrong weekday.
  return Number.isNaN(ms) || new Date(ms).toUTCString() !== text.trim() ? undefined : ms;
}
