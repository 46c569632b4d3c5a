/**
 * One header value in canonical form (§6.2): trimmed, and every run of whitespace inside collapsed to one
 * space (an obsolete line fold counts as whitespace too). Only ASCII whitespace: `String.prototype.trim`
 * would also strip U+00A0, which is a legitimate byte (0xA0) of a Latin-1 header value and which the SDKs sign.
 */
const WHITESPACE_RUN = /[\t\n\v\f\r ]+/g;
const EDGE_SPACE = /^ | $/g;

export function canonicalHeaderValue(value: string): string {
  return value.replace(WHITESPACE_RUN, ' ').replace(EDGE_SPACE, '');
}
