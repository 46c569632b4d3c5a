/**
 * SigV2's CanonicalizedResource (§5.4): the path-style path as sent (`/<bucket>/<key>`, the bucket included
 * even for virtual-hosted requests), then `?` and the sub-resource parameters sorted by name, each
 * `name=<decoded value>` or bare `name` when sent without `=`.
 */
import { percentDecode } from '../sigv4/index.js';
import { SIGV2_SUBRESOURCES } from './sigv2-subresources.js';

/**
 * `authPath`: the raw path with the bucket, e.g. `/b/k%20x` (path style: the path as sent; virtual-hosted:
 * `/<bucket>` + the path as sent). `rawQuery`: the query as sent, without `?`.
 */
export function sigv2CanonicalResource(authPath: string, rawQuery: string): string {
  const picked: [string, string | undefined][] = [];
  for (const pair of rawQuery === '' ? [] : rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!SIGV2_SUBRESOURCES.has(name)) continue;
    picked.push([name, eq === -1 ? undefined : percentDecode(pair.slice(eq + 1), false).toString('utf8')]);
  }
  if (picked.length === 0) return authPath;
  picked.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${authPath}?${picked.map(([n, v]) => (v === undefined ? n : `${n}=${v}`)).join('&')}`;
}
