/**
 * Reads the time stamp of a SigV2 header-form request — the `x-amz-date` header, else `Date` — into epoch ms
 * (§5.4). S3's SigV2 page ("Signing and authenticating REST requests", Time stamp requirement) says the value
 * "must be in one of the RFC 2616 formats", and its own examples write the zone as a number:
 * `Date: Tue, 27 Mar 2007 19:36:42 +0000` ("You can use "GMT" to designate timezone instead"). s3cmd sends
 * exactly that shape in `x-amz-date`. So the three forms of RFC 2616 §3.3.1 are read:
 *
 * - RFC 1123 `Sun, 06 Nov 1994 08:49:37 GMT`, the zone also as `+hhmm` / `-hhmm` (RFC 822 §5);
 * - RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`;
 * - asctime `Sun Nov  6 08:49:37 1994`.
 *
 * Undefined for anything else, an impossible date, or a weekday that does not fit the date. [U] Whether S3
 * accepts a wrong weekday, a one-digit day or a zone name other than GMT is not recorded; those are refused.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const RFC1123 = new RegExp(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} (GMT|[+-]\\d{4})$`);
const RFC850 = new RegExp(`^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

interface DateFields {
  readonly weekday: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Minutes east of UTC. */
  readonly offsetMinutes: number;
}

export function parseSigV2Date(text: string): number | undefined {
  const fields = readFields(text.trim());
  return fields === undefined ? undefined : instantOf(fields);
}

function readFields(text: string): DateFields | undefined {
  let m = RFC1123.exec(text);
  if (m !== null) {
    const [, weekday, day, month, year, hour, minute, second, zone] = m;
    return fieldsOf(DAYS.indexOf(weekday ?? ''), year, month, day, [hour, minute, second], offsetOf(zone ?? 'GMT'));
  }
  m = RFC850.exec(text);
  if (m !== null) {
    const [, weekday, day, month, yy, hour, minute, second] = m;
    // RFC 2616 §19.3 leaves the century to the reader; 70–99 are the 1900s, the rest this century.
    const year = Number(yy) >= 70 ? 1900 + Number(yy) : 2000 + Number(yy);
    return fieldsOf(LONG_DAYS.indexOf(weekday ?? ''), String(year), month, day, [hour, minute, second], 0);
  }
  m = ASCTIME.exec(text);
  if (m !== null) {
    const [, weekday, month, day, hour, minute, second, year] = m;
    return fieldsOf(DAYS.indexOf(weekday ?? ''), year, month, (day ?? '').trim(), [hour, minute, second], 0);
  }
  return undefined;
}

function fieldsOf(
  weekday: number,
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  time: readonly (string | undefined)[],
  offsetMinutes: number,
): DateFields {
  const [hour, minute, second] = time.map(Number) as [number, number, number];
  return { weekday, year: Number(year), month: MONTHS.indexOf(month ?? ''), day: Number(day), hour, minute, second, offsetMinutes };
}

/** `GMT` → 0; `+0530` → 330; `-0800` → -480. */
function offsetOf(zone: string): number {
  if (zone === 'GMT') return 0;
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
  return zone.startsWith('-') ? -minutes : minutes;
}

function instantOf(f: DateFields): number | undefined {
  if (f.year < 100 || f.hour > 23 || f.minute > 59 || f.second > 59 || f.day < 1) return undefined;
  // The written date at midnight: an impossible day (31 Feb) rolls over into another month.
  const local = new Date(Date.UTC(f.year, f.month, f.day));
  if (local.getUTCMonth() !== f.month || local.getUTCDate() !== f.day || local.getUTCDay() !== f.weekday) return undefined;
  return Date.UTC(f.year, f.month, f.day, f.hour, f.minute, f.second) - f.offsetMinutes * 60_000;
}
