/**
 * Step 1c (§6.2): `name=value` pairs in canonical encoding, sorted by encoded name and then by encoded value
 * (byte order: the encoded text is ASCII), joined with `&`. The presigned form leaves out X-Amz-Signature,
 * which cannot sign itself; pass `excludeName` for that.
 */
import type { QueryParam } from './types.js';

export function canonicalQueryString(params: readonly QueryParam[], excludeName?: string): string {
  if (params.length === 0) return '';
  const pairs: QueryParam[] = excludeName === undefined ? [...params] : params.filter((p) => p.name !== excludeName);
  pairs.sort((a, b) => compare(a.canonicalName, b.canonicalName) || compare(a.canonicalValue, b.canonicalValue));
  return pairs.map((p) => `${p.canonicalName}=${p.canonicalValue}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
