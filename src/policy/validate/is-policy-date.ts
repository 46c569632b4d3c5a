/**
 * Whether IAM's (legacy) parser accepts a Date-operator condition value. A value it rejects makes the whole
 * document fail with `The policy failed legacy parsing` (recorded cases 64, 72–76).
 *
 * Accepted, as recorded: a 64-bit signed integer (epoch seconds: `-292275054` passes, `9223372036854775808`
 * does not), or an ISO-8601 date/date-time in the lenient grammar of the ISO parser IAM is known to use:
 *
 *     datetime      = time | date-opt-time
 *     time          = 'T' time-element [offset]
 *     date-opt-time = date-element ['T' [time-element] [offset]]
 *     date-element  = yyyy ['-' MM ['-' dd]] | yyyy '-W' ww ['-' e] | yyyy '-' DDD
 *     time-element  = HH [':' mm [':' ss [fraction] | fraction] | fraction]
 *     fraction      = ('.' | ',') 1–9 digits
 *     offset        = 'Z' | ('+' | '-') HH [[':'] mm [[':'] ss [('.' | ',') SSS]]]
 *
 * Letters are case-insensitive, numeric fields take 1–2 digits (years 1–9, day-of-year 1–3), and field
 * values are range-checked (recorded: `01T` and `2016-12-13t2:00:00.593194+23` pass; `234-13`, an offset `+1`
 * and a 10-digit fraction fail). When `yyyy-MM…` and `yyyy-DDD` both fit, the month form is the one checked.
 */
export function isPolicyDate(value: string): boolean {
  if (/^[+-]?\d+$/.test(value)) return fitsInt64(value);
  const t = value.search(/[Tt]/);
  const datePart = t < 0 ? value : value.slice(0, t);
  if (datePart !== '' && !isDateElement(datePart)) return false;
  if (t < 0) return datePart !== '';
  const rest = value.slice(t + 1);
  const offsetAt = rest.search(/[Zz+-]/);
  const timePart = offsetAt < 0 ? rest : rest.slice(0, offsetAt);
  const offset = offsetAt < 0 ? '' : rest.slice(offsetAt);
  if (datePart === '' && timePart === '') return false;
  if (timePart !== '' && !isTimeElement(timePart)) return false;
  return offset === '' || isOffset(offset);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MIN_YEAR = -292275054;
const MAX_YEAR = 292278993;

function fitsInt64(digits: string): boolean {
  const n = BigInt(digits);
  return n >= INT64_MIN && n <= INT64_MAX;
}

const STD_DATE = /^([+-]?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const WEEK_DATE = /^([+-]?\d{1,9})-[Ww](\d{1,2})(?:-(\d))?$/;
const ORDINAL_DATE = /^([+-]?\d{1,9})-(\d{1,3})$/;
const TIME = /^(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?(?:[.,](\d+))?$/;
const OFFSET = /^(?:[Zz]|[+-](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d{3})?)?)?)$/;

function isDateElement(text: string): boolean {
  const std = STD_DATE.exec(text);
  if (std !== null) {
    const year = Number(std[1]);
    if (!yearOk(year)) return false;
    if (std[2] === undefined) return true;
    const month = Number(std[2]);
    if (month < 1 || month > 12) return false;
    return std[3] === undefined || inRange(Number(std[3]), 1, daysInMonth(year, month));
  }
  const week = WEEK_DATE.exec(text);
  if (week !== null) {
    return yearOk(Number(week[1])) && inRange(Number(week[2]), 1, 53) && (week[3] === undefined || inRange(Number(week[3]), 1, 7));
  }
  const ordinal = ORDINAL_DATE.exec(text);
  if (ordinal !== null) {
    const year = Number(ordinal[1]);
    return yearOk(year) && inRange(Number(ordinal[2]), 1, isLeap(year) ? 366 : 365);
  }
  return false;
}

function isTimeElement(text: string): boolean {
  const m = TIME.exec(text);
  if (m === null) return false;
  const [, hh = '', mm, ss, fraction] = m;
  return (
    inRange(Number(hh), 0, 23) &&
    (mm === undefined || inRange(Number(mm), 0, 59)) &&
    (ss === undefined || inRange(Number(ss), 0, 59)) &&
    (fraction === undefined || fraction.length <= 9)
  );
}

function isOffset(text: string): boolean {
  const m = OFFSET.exec(text);
  if (m === null) return false;
  const [, hh, mm, ss] = m;
  return (
    (hh === undefined || inRange(Number(hh), 0, 23)) &&
    (mm === undefined || inRange(Number(mm), 0, 59)) &&
    (ss === undefined || inRange(Number(ss), 0, 59))
  );
}

const inRange = (n: number, min: number, max: number): boolean => n >= min && n <= max;
const yearOk = (year: number): boolean => inRange(year, MIN_YEAR, MAX_YEAR);
const isLeap = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
