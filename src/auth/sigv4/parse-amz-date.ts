/**
 * Reads SigV4's basic-format timestamp `20150830T123600Z` (§6.1) into epoch ms; undefined when the text is
 * not exactly that shape or names an impossible instant (month 13, 31 February, second 60 …).
 *
 * Every signed request passes through here, so the text is read digit by digit and checked field by field
 * instead of with a regular expression and a round trip through `Date`. Years below 100 are refused:
 * `Date.UTC` would read them as 19xx, so no such timestamp can name the instant it spells.
 */
const LENGTH = 16;
const T_AT = 8;
const Z_AT = 15;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function parseAmzDate(text: string): number | undefined {
  if (text.length !== LENGTH || text.charCodeAt(T_AT) !== 0x54 || text.charCodeAt(Z_AT) !== 0x5a) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 2);
  const day = digits(text, 6, 2);
  const hour = digits(text, 9, 2);
  const minute = digits(text, 11, 2);
  const second = digits(text, 13, 2);
  if (hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (year < 100 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The number written by `count` ASCII digits at `from`, or -1 when any of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 0;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}
