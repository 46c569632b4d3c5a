/**
 * Reads a raw query string into parameters (§6.2): split on `&`, then on the first `=`; a parameter without
 * `=` has the empty value (AWS signs it as `name=`). Names and values are percent-decoded (`+` is a space)
 * for reading, and re-encoded with SigV4's RFC 3986 rules for the canonical query string, so a client that
 * escapes more or less than SigV4 does still verifies.
 */
import { encodeRfc3986 } from './encode-rfc3986.js';
import { percentDecode } from './percent-decode.js';
import type { QueryParam } from './types.js';

const ALREADY_CANONICAL = /^[A-Za-z0-9\-._~]*$/;

/**
 * The last query parsed and its parameters. One request's query is read by several steps (is it S3's, its
 * signature, the canonical request): a presigned GET parsed it four times, a tenth of its gateway time. The
 * parameters are immutable, so handing the same array out again is safe.
 */
let last: { readonly query: string; readonly params: readonly QueryParam[] } = { query: '', params: [] };

export function parseQuery(rawQuery: string): readonly QueryParam[] {
  if (rawQuery === last.query) return last.params;
  const params = parse(rawQuery);
  last = { query: rawQuery, params };
  return params;
}

function parse(rawQuery: string): readonly QueryParam[] {
  if (rawQuery === '') return [];
  const params: QueryParam[] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [name, canonicalName] = decodePart(eq === -1 ? pair : pair.slice(0, eq));
    const [value, canonicalValue] = decodePart(eq === -1 ? '' : pair.slice(eq + 1));
    params.push({ name, value, canonicalName, canonicalValue });
  }
  return params;
}

/** [decoded text, canonical encoding]. Most names and values need neither step: skip the work then. */
function decodePart(raw: string): [string, string] {
  if (ALREADY_CANONICAL.test(raw)) return [raw, raw];
  const bytes = percentDecode(raw, true);
  return [bytes.toString('utf8'), encodeRfc3986(bytes)];
}
