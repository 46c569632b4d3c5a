/**
 * Where the bucket is named (aws-behaviour.md §5.1): virtual-hosted requests carry it as the labels of the
 * Host header before a configured base domain (`b.localhost:4566`, `b.s3.localhost.localstack.cloud:4566`),
 * path-style ones as the first path segment. Both are reduced to one path-style raw path
 * (`/<bucket>[/<key>]`) for the route matcher; the raw path itself is what SigV4 signs, and is untouched.
 */
export interface S3AddressingOptions {
  /**
   * Host names (no port) under which a leading label is a bucket, e.g. `localhost`,
   * `s3.localhost.localstack.cloud`. The longest matching one wins, so listing both
   * `localhost.localstack.cloud` and `s3.localhost.localstack.cloud` keeps `s3.` from being read as a bucket.
   */
  readonly baseDomains: readonly string[];
}

export interface S3Address {
  readonly style: 'virtual-hosted' | 'path';
  /** The bucket as named (not yet validated), absent for service-level requests (`GET /`). */
  readonly bucket?: string;
  /** Path-style raw path: `/`, `/<bucket>` or `/<bucket>/<raw key>`. */
  readonly path: string;
}

export function resolveS3Address(host: string | undefined, rawPath: string, options: S3AddressingOptions): S3Address {
  const path = rawPath === '' ? '/' : rawPath;
  const bucket = host === undefined ? undefined : bucketFromHost(host, options.baseDomains);
  if (bucket !== undefined) {
    return { style: 'virtual-hosted', bucket, path: path === '/' ? `/${bucket}` : `/${bucket}${path}` };
  }
  const slash = path.indexOf('/', 1);
  const first = path.slice(1, slash === -1 ? undefined : slash);
  if (first === '') return { style: 'path', path: '/' };
  // `/bucket/` names the bucket, not an empty key.
  const normalised = slash === path.length - 1 ? path.slice(0, -1) : path;
  return { style: 'path', bucket: safeDecode(first), path: normalised };
}

function bucketFromHost(host: string, baseDomains: readonly string[]): string | undefined {
  const name = stripPort(host.trim().toLowerCase()).replace(/\.$/, '');
  let best: string | undefined;
  for (const base of baseDomains) {
    const b = base.toLowerCase();
    if (name === b) return undefined;
    if (name.endsWith(`.${b}`) && (best === undefined || b.length > best.length)) best = b;
  }
  if (best === undefined) return undefined;
  const label = name.slice(0, name.length - best.length - 1);
  return label === '' ? undefined : label;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host; // IPv6 literal: never virtual-hosted
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
