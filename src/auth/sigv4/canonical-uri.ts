/**
 * Step 1b of the canonical request (§6.2): the canonical URI. An empty path is `/`.
 * With `rule.encode`, each byte outside the unreserved set is escaped again, `/` kept: `/a%20b` → `/a%2520b`.
 * `/`, the path of every query-protocol request, is its own canonical form under every rule.
 */
import { encodeRfc3986 } from './encode-rfc3986.js';
import { normalizePath } from './normalize-path.js';
import type { UriRule } from './types.js';

export function canonicalUri(rawPath: string, rule: UriRule): string {
  if (rawPath === '' || rawPath === '/') return '/';
  const normalized = rule.normalize ? normalizePath(rawPath) : rawPath;
  return rule.encode ? encodeRfc3986(normalized, true) : normalized;
}
