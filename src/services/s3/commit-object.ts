/**
 * The last step of every object write (PutObject, CopyObject, CompleteMultipartUpload): under the mutex,
 * re-check the bucket and the write conditions, then write the new version (aws-behaviour.md §9.5): a bucket
 * with versioning enabled keeps every version and the new one gets an id; otherwise the new object is the
 * `null` version and replaces the key's `null` version, whose blob is deleted afterwards (the new one's if
 * the commit is refused).
 */
import type { ObjectRecord, S3Record } from './s3-records.js';
import { NULL_VERSION } from './s3-records.js';
import type { S3Delete, S3State } from './s3-state.js';
import type { S3Deps } from './s3-deps.js';
import { etagMatches } from './conditionals.js';
import { s3Errors } from './s3-errors.js';
import { requireBucket } from './s3-lookup.js';
import { newVersionId } from './version-id.js';

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
type WrittenObject = Omit<ObjectRecord, 'kind' | 'bucket' | 'key' | 'lastModifiedMs' | 'versionId' | 'sequence'>;

/** What the write answers: `x-amz-version-id` on a bucket with versioning enabled only [R: test_s3_put_object_versioned]. */
interface Committed {
  readonly VersionId?: string;
}

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
  ctx: { readonly nowMs: number; readonly ids: { token(bytes: number): string } },
  written: WrittenObject,
  also: {
    readonly writes?: readonly S3Record[];
    readonly deletes?: readonly S3Delete[];
    /** A further check under the mutex (CompleteMultipartUpload: the upload is still there). */
    readonly check?: (state: S3State) => void;
  } = {},
): Promise<Committed> {
  const base: ObjectRecord = { kind: 'object', bucket: target.Bucket, key: target.Key, lastModifiedMs: ctx.nowMs, ...written };
  const versionId = newVersionId(ctx.ids);
  let outcome: { replaced: string | undefined; committed: Committed };
  try {
    outcome = await deps.state.mutate((state) => {
      const bucket = requireBucket(state, base.bucket);
      also.check?.(state);
      checkWriteConditions(state.object(base.bucket, base.key), base.key, target);
      const record: ObjectRecord = {
        ...base,
        ...(bucket.versioning === 'Enabled' ? { versionId } : {}),
        sequence: state.nextSequence(),
      };
      const previous = bucket.versioning === 'Enabled' ? undefined : state.version(base.bucket, base.key, NULL_VERSION);
      return {
        writes: [record, ...(also.writes ?? [])],
        deletes: also.deletes ?? [],
        result: {
          replaced: previous?.kind === 'object' ? previous.blobKey : undefined,
          committed: bucket.versioning === 'Enabled' ? { VersionId: versionId } : {},
        },
      };
    });
  } catch (error) {
    await deps.blobs.delete(base.blobKey);
    throw error;
  }
  if (outcome.replaced !== undefined && outcome.replaced !== base.blobKey) await deps.blobs.delete(outcome.replaced);
  return outcome.committed;
}
