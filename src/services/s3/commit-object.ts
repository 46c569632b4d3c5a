/**
 * The last step of every object write (PutObject, CopyObject, CompleteMultipartUpload): under the mutex,
 * re-check the bucket and the write conditions, then swap the metadata record; the replaced blob is
 * deleted afterwards, and the new one if the commit is refused.
 */
import type { ObjectRecord, S3Record } from './s3-records.js';
import type { S3Delete, S3State } from './s3-state.js';
import type { S3Deps } from './s3-deps.js';
import { etagMatches } from './conditionals.js';
import { s3Errors } from './s3-errors.js';
import { requireBucket } from './s3-lookup.js';

interface WriteConditions {
  readonly IfMatch?: string | undefined;
  readonly IfNoneMatch?: string | undefined;
}

/** The object a write names, with its conditions: the operation's input. */
interface WriteTarget extends WriteConditions {
  readonly Bucket: string;
  readonly Key: string;
}

/** What a write stores besides where (the target) and when (the request's virtual now). */
type WrittenObject = Omit<ObjectRecord, 'kind' | 'bucket' | 'key' | 'lastModifiedMs'>;

/** A fresh blob key for the bytes of one write (never reused, so a replaced blob can be deleted later). */
export function newBlobKey(ids: { hex(length: number): string }): string {
  return `objects/${ids.hex(32)}`;
}

const KEY_MAX_BYTES = 1024;

export function checkKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > KEY_MAX_BYTES) throw s3Errors.keyTooLong(size);
}

/** Conditional writes: `If-None-Match: *` refuses to overwrite; `If-Match` needs the current ETag. */
function checkWriteConditions(existing: ObjectRecord | undefined, key: string, conditions: WriteConditions): void {
  if (conditions.IfNoneMatch !== undefined && existing !== undefined && etagMatches(conditions.IfNoneMatch, existing.etag)) {
    throw s3Errors.preconditionFailed('If-None-Match');
  }
  if (conditions.IfMatch !== undefined) {
    if (existing === undefined) throw s3Errors.noSuchKey(key);
    if (!etagMatches(conditions.IfMatch, existing.etag)) throw s3Errors.preconditionFailed('If-Match');
  }
}

export async function commitObject(
  deps: S3Deps,
  target: WriteTarget,
  nowMs: number,
  written: WrittenObject,
  also: {
    readonly writes?: readonly S3Record[];
    readonly deletes?: readonly S3Delete[];
    /** A further check under the mutex (CompleteMultipartUpload: the upload is still there). */
    readonly check?: (state: S3State) => void;
  } = {},
): Promise<void> {
  const record: ObjectRecord = { kind: 'object', bucket: target.Bucket, key: target.Key, lastModifiedMs: nowMs, ...written };
  let replaced: string | undefined;
  try {
    replaced = await deps.state.mutate((state) => {
      requireBucket(state, record.bucket);
      also.check?.(state);
      const existing = state.object(record.bucket, record.key);
      checkWriteConditions(existing, record.key, target);
      return { writes: [record, ...(also.writes ?? [])], deletes: also.deletes ?? [], result: existing?.blobKey };
    });
  } catch (error) {
    await deps.blobs.delete(record.blobKey);
    throw error;
  }
  if (replaced !== undefined && replaced !== record.blobKey) await deps.blobs.delete(replaced);
}
