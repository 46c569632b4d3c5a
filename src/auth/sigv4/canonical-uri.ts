/**
 * Step 1b of the canonical request (§6.2): the canonical URI. An empty path is `/`.
 * With `rule.encode`, each byte outside the unreserved set is escaped again, `/` kept: `/a%20b` → `/a%2520b`.
 */
import { encodeRfc3986 } from './encode-rfc3986.js';
import { normalizePath } from './normalize-path.js';
import type { UriRule } from './types.js';

export function canonicalUri(rawPath: string, rule: UriRule): string {
  const path = rawPath === '' ? '/' : rawPath;
  const normalized = rule.normalize ? normalizePath(path) : path;
  return rule.encode ? encodeRfc3986(normalized, true) : normalized;
}
