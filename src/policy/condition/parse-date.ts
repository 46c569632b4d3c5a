/**
 * Date values for the Date* operators (aws-behaviour.md §7.3, §2.6): ISO-8601 date-time with or without
 * fractional seconds and with `Z` or an offset, a date alone (midnight UTC), or epoch seconds. A date-time
 * without a zone is read as UTC (JavaScript's `Date.parse` would use local time). Returns epoch ms.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;

export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const m = ISO.exec(trimmed);
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, , sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let epoch = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
  if (sign !== undefined) epoch -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return Number.isFinite(epoch) ? epoch : undefined;
}

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*$/;

/** Integer or decimal for the Numeric* operators; anything else is a type mismatch (condition false). */
export function parseNumber(text: string): number | undefined {
  return NUMERIC.test(text) ? Number(text) : undefined;
}
