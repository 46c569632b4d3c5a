/**
 * Step 1d (§6.2): one `name:value\n` line per signed header, in the order of SignedHeaders (which clients
 * sort). A header sent several times contributes all its values, each canonicalised, joined with `,`.
 * A signed header that is absent contributes `name:` (the signature then fails, as it does on AWS).
 */
import { canonicalHeaderValue } from './canonical-header-value.js';
import { headerValues } from './header-values.js';

export function canonicalHeaders(
  headers: readonly (readonly [string, string])[],
  signedHeaders: readonly string[],
): string {
  let out = '';
  for (const name of signedHeaders) {
    out += `${name}:${headerValues(headers, name).map(canonicalHeaderValue).join(',')}\n`;
  }
  return out;
}
