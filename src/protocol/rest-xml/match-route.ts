/**
 * Request line + query + headers → the operation whose REST binding they satisfy, with its URI labels
 * percent-decoded (`{Key+}` takes the rest of the path, slashes included; `+` stays a plus: paths are not
 * form-encoded). Pure; the S3 addressing step has already turned virtual-hosted requests into path style.
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { FormPairs } from '../decode-form.js';
import type { RestXmlServiceModel } from '../model.js';
import type { HttpRoute, RouteSegment } from './http-route.js';
import { httpRoutes, httpRoutesFor } from './http-route.js';
import { s3ProtocolErrors } from './s3-protocol-errors.js';

export type HeaderPairs = readonly (readonly [string, string])[];

type MatchResult =
  | { readonly kind: 'ok'; readonly route: HttpRoute; readonly labels: ReadonlyMap<string, string> }
  /** No route: `pathMatched` says whether some operation has this path, under another method or query. */
  | { readonly kind: 'none'; readonly methodMatched: boolean; readonly pathMatched: boolean }
  | { readonly kind: 'error'; readonly error: AwsError };

export function matchRoute(model: RestXmlServiceModel, method: string, rawPath: string, query: FormPairs, headers: HeaderPairs): MatchResult {
  const rawSegments = (rawPath === '' ? '/' : rawPath).split('/').slice(1);
  const queryNames = new Set(query.map(([name]) => name));
  const headerNames = new Set(headers.map(([name]) => name.toLowerCase()));
  const wanted = method.toUpperCase();
  // The cheap conditions first: the path is captured only for a route whose method, query and headers fit (a
  // presigned GetObject was tried against every route of its path, a map of labels each, before it got there).
  for (const route of httpRoutesFor(model, wanted)) {
    if (!satisfies(route, query, queryNames, headerNames)) continue;
    const captured = capture(route.segments, rawSegments);
    if (captured === undefined) continue;
    const labels = decodeLabels(captured);
    if (labels === undefined) return { kind: 'error', error: s3ProtocolErrors.invalidUri() };
    return { kind: 'ok', route, labels };
  }
  return noRoute(model, wanted, rawSegments);
}

/** Why nothing matched: whether some route has this path, and whether one of those has this method. */
function noRoute(model: RestXmlServiceModel, method: string, rawSegments: readonly string[]): MatchResult {
  let pathMatched = false;
  let methodMatched = false;
  for (const route of httpRoutes(model)) {
    if (capture(route.segments, rawSegments) === undefined) continue;
    pathMatched = true;
    if (route.method === method) methodMatched = true;
  }
  return { kind: 'none', methodMatched, pathMatched };
}

/** Raw (still percent-encoded) label values, or `undefined` when the path does not fit the template. */
function capture(segments: readonly RouteSegment[], raw: readonly string[]): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const value = raw[i];
    if (value === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (value !== segment.text) return undefined;
    } else if (segment.greedy) {
      const rest = raw.slice(i).join('/');
      if (rest === '') return undefined;
      labels.set(segment.name, rest);
      return labels;
    } else {
      if (value === '') return undefined;
      labels.set(segment.name, value);
    }
  }
  return raw.length === segments.length ? labels : undefined;
}

function satisfies(route: HttpRoute, query: FormPairs, queryNames: ReadonlySet<string>, headerNames: ReadonlySet<string>): boolean {
  for (const literal of route.queryLiterals) {
    if (literal.value === undefined ? !queryNames.has(literal.name) : !query.some(([n, v]) => n === literal.name && v === literal.value)) {
      return false;
    }
  }
  return route.requiredQuery.every((name) => queryNames.has(name)) && route.requiredHeaders.every((name) => headerNames.has(name));
}

function decodeLabels(raw: ReadonlyMap<string, string>): Map<string, string> | undefined {
  const decoded = new Map<string, string>();
  for (const [name, value] of raw) {
    let text: string;
    try {
      text = decodeURIComponent(value);
    } catch {
      return undefined; // not UTF-8: S3's InvalidURI (ceph s3-tests test_object_read_unreadable)
    }
    // S3 refuses a NUL in a key with a 4xx (datadobi s3test testNullIsRejected); which error is [U]: the
    // same InvalidURI as for a key that is not UTF-8.
    if (text.includes('\u0000')) return undefined;
    decoded.set(name, text);
  }
  return decoded;
}
