/**
 * One header value in canonical form (§6.2): trimmed, and every run of whitespace inside collapsed to one
 * space (an obsolete line fold counts as whitespace too). Only ASCII whitespace: `String.prototype.trim`
 * would also strip U+00A0, which is a legitimate byte (0xA0) of a Latin-1 header value and which the SDKs sign.
 * Most values are already canonical; one test spots those and returns them as they are.
 */
const WHITESPACE_RUN = /[\t\n\v\f\r ]+/g;
const EDGE_SPACE = /^ | $/g;
const NEEDS_WORK = /^ | $|[\t\n\v\f\r]| {2}/;

export function canonicalHeaderValue(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return value.replace(WHITESPACE_RUN, ' ').replace(EDGE_SPACE, '');
}
