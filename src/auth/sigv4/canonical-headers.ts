/**
 * Step 1d (§6.2): one `name:value\n` line per signed header, in the order of SignedHeaders (which clients
 * sort). A header sent several times contributes all its values, each canonicalised, joined with `,`.
 * A signed header that is absent contributes `name:` (the signature then fails, as it does on AWS).
 */
import { canonicalHeaderValue } from './canonical-header-value.js';
import { headerValues } from '../../lib/headers.js';

export function canonicalHeaders(headers: readonly (readonly [string, string])[], signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const values = headerValues(headers, name);
    const value = values.length === 1 ? canonicalHeaderValue(values[0] as string) : values.map(canonicalHeaderValue).join(',');
    out += `${name}:${value}\n`;
  }
  return out;
}
