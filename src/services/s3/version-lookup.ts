/**
 * Finding the version a request on one object names (aws-behaviour.md §9.3, §9.5): without a version id, the
 * key's latest version (which may be a delete marker); with one, that version. On a bucket never versioned
 * only `null` names anything; on a versioned bucket an id the lab cannot decode is `InvalidArgument` and one
 * that names no version `NoSuchVersion`.
 */
import { s3Errors } from './s3-errors.js';
import { requireBucket } from './s3-lookup.js';
import type { ObjectRecord, VersionRecord } from './s3-records.js';
import { versionIdOf } from './s3-records.js';
import type { S3State } from './s3-state.js';
import { invalidVersionId, isDecodable, namesOtherVersion } from './version-id.js';

interface VersionTarget {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string | undefined;
}

/** The version named, or undefined when the key (or that version) does not exist; throws for an id S3 refuses. */
export function findVersion(state: S3State, target: VersionTarget): VersionRecord | undefined {
  const bucket = requireBucket(state, target.Bucket);
  const id = target.VersionId;
  if (id === undefined) return state.latest(target.Bucket, target.Key);
  if (bucket.versioning === undefined) {
    if (namesOtherVersion(id)) throw invalidVersionId(id);
    return state.latest(target.Bucket, target.Key);
  }
  if (!isDecodable(id)) throw invalidVersionId(id);
  return state.version(target.Bucket, target.Key, id);
}

/** The version's tags for condition keys, or none when it cannot be found (the handler answers then). */
export function versionTags(state: S3State, target: VersionTarget): ObjectRecord['tags'] {
  try {
    const found = findVersion(state, target);
    return found?.kind === 'object' ? found.tags : undefined;
  } catch {
    return undefined;
  }
}

/** `x-amz-version-id` for answers about `record`: only on a bucket that is or was versioned (§9.3, §9.5). */
export function versionIdMember(state: S3State, record: VersionRecord): { VersionId?: string } {
  return state.bucket(record.bucket)?.versioning === undefined ? {} : { VersionId: versionIdOf(record) };
}

/**
 * The object a read or a tagging request acts on. A delete marker is 405 `MethodNotAllowed` when named by id
 * or — for the tagging operations — when it is the latest version [R: test_object_tagging_versioned]; a read of
 * a key whose latest version is a marker is `NoSuchKey` with `x-amz-delete-marker: true` [R: get-deleted-object;
 * D: S3-UG DeleteMarker].
 */
export function requireObjectVersion(
  state: S3State,
  target: VersionTarget,
  method: string,
  options: { readonly keyInError?: string; readonly markerLatest: 'not-found' | 'not-allowed' },
): ObjectRecord {
  const found = findVersion(state, target);
  const bucket = state.bucket(target.Bucket);
  if (found === undefined) {
    // On a never-versioned bucket `null` names the object, so its absence is NoSuchKey [R: get-obj-with-null-version].
    if (target.VersionId === undefined || bucket?.versioning === undefined) throw s3Errors.noSuchKey(options.keyInError ?? target.Key);
    throw s3Errors.noSuchVersion(target.Key, target.VersionId);
  }
  if (found.kind === 'object') return found;
  if (target.VersionId !== undefined || options.markerLatest === 'not-allowed') throw s3Errors.methodNotAllowed(method, versionIdOf(found));
  throw s3Errors.noSuchKeyDeleteMarker(options.keyInError ?? target.Key, versionIdOf(found));
}
