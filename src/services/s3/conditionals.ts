/**
 * GetObject/HeadObject conditional headers (RFC 7232 §6 order, as S3 documents in GetObject): If-Match,
 * then If-Unmodified-Since (ignored when If-Match is present and held), then If-None-Match, then
 * If-Modified-Since (ignored when If-None-Match is present). HTTP dates have one-second resolution, so
 * times compare in whole seconds.
 */
import type { ObjectRecord } from './s3-records.js';
import { s3Errors } from './s3-errors.js';

interface Conditions {
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
  readonly ifModifiedSinceMs?: number | undefined;
  readonly ifUnmodifiedSinceMs?: number | undefined;
}

/** True when a comma-separated entity-tag list (quoted or not, or `*`) names this ETag. */
export function etagMatches(list: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return list.split(',').some((item) => {
    const tag = item.trim().replace(/^W\//, '').replace(/"/g, '');
    return tag === '*' || tag === bare;
  });
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Throws 412 or 304 as S3 would; returns when the request proceeds. `prefix` names copy-source conditions. */
export function checkConditions(object: ObjectRecord, conditions: Conditions, kind: 'read' | 'copy-source'): void {
  const name = (header: string): string => (kind === 'copy-source' ? `x-amz-copy-source-${header}` : header);
  const modified = seconds(object.lastModifiedMs);
  if (conditions.ifMatch !== undefined && !etagMatches(conditions.ifMatch, object.etag)) throw s3Errors.preconditionFailed(name('If-Match'));
  if (conditions.ifMatch === undefined && conditions.ifUnmodifiedSinceMs !== undefined && modified > seconds(conditions.ifUnmodifiedSinceMs)) {
    throw s3Errors.preconditionFailed(name('If-Unmodified-Since'));
  }
  const notModified = (header: string): Error =>
    kind === 'copy-source' ? s3Errors.preconditionFailed(name(header)) : s3Errors.notModified(object.etag);
  if (conditions.ifNoneMatch !== undefined) {
    if (etagMatches(conditions.ifNoneMatch, object.etag)) throw notModified('If-None-Match');
  } else if (conditions.ifModifiedSinceMs !== undefined && modified <= seconds(conditions.ifModifiedSinceMs)) {
    throw notModified('If-Modified-Since');
  }
}
