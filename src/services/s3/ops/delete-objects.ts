/**
 * DeleteObject (204 whether or not the key exists, §5.2) and DeleteObjects (up to 1000 keys; `Quiet` leaves
 * successful deletions out of the answer). Both authorize `s3:DeleteObject` on every object named, or
 * `s3:DeleteObjectVersion` for one named with a version id; DeleteObjects key by key, a refused key being an
 * `AccessDenied` entry (aws-behaviour.md §9.7). What a deletion does depends on the bucket's
 * versioning (aws-behaviour.md §9.3, §9.5): never versioned, the object goes; enabled, a delete marker is added;
 * suspended, a `null` marker replaces the `null` version; with a version id, that version goes for good. A
 * version id S3 cannot decode is `InvalidArgument` (DeleteObject) or a `NoSuchVersion` entry (DeleteObjects).
 */
import { objectArn } from '../../../arn/arn.js';
import type {
  DeletedObject,
  DeleteObjectOutput,
  DeleteObjectRequest,
  DeleteObjectsOutput,
  DeleteObjectsRequest,
  Error as S3ErrorEntry,
} from '../../../protocol/models/s3.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import type { BucketRecord, DeleteMarkerRecord, S3Record } from '../s3-records.js';
import { NULL_VERSION, versionIdOf } from '../s3-records.js';
import type { S3Delete, S3State } from '../s3-state.js';
import { invalidVersionId, isDecodable, namesOtherVersion, newVersionId } from '../version-id.js';

const MAX_KEYS_PER_DELETE = 1000;

interface Named {
  readonly Key: string;
  readonly VersionId?: string | undefined;
}

/** One deletion's effect on the state and what it answers. */
type Deletion =
  | {
      readonly kind: 'done';
      readonly writes: readonly S3Record[];
      readonly deletes: readonly S3Delete[];
      readonly blobs: readonly string[];
      /** The version removed or the marker added, on a bucket ever versioned. */
      readonly versionId?: string;
      readonly deleteMarker: boolean;
    }
  /** An id S3 cannot decode, or (versioned bucket) one of no version. */
  | { readonly kind: 'refused'; readonly versionId: string; readonly reason: 'undecodable' | 'no-such-version' };

/** Removes one version for good (its blob after the commit). */
function removeVersion(
  state: S3State,
  bucket: string,
  key: string,
  versionId: string,
): Pick<Deletion & { kind: 'done' }, 'deletes' | 'blobs'> & {
  wasMarker: boolean;
} {
  const found = state.version(bucket, key, versionId);
  if (found === undefined) return { deletes: [], blobs: [], wasMarker: false };
  return {
    deletes: [{ kind: 'object', bucket, key, ...(versionId === NULL_VERSION ? {} : { versionId }) }],
    blobs: found.kind === 'object' ? [found.blobKey] : [],
    wasMarker: found.kind === 'marker',
  };
}

function planDeletion(state: S3State, bucket: BucketRecord, named: Named, ctx: ServiceContext): Deletion {
  const { Key: key, VersionId: id } = named;
  if (bucket.versioning === undefined) {
    if (namesOtherVersion(id)) return { kind: 'refused', versionId: id ?? '', reason: 'undecodable' };
    const removed = removeVersion(state, bucket.name, key, NULL_VERSION);
    return { kind: 'done', writes: [], deletes: removed.deletes, blobs: removed.blobs, deleteMarker: false };
  }
  if (id !== undefined) {
    if (!isDecodable(id)) return { kind: 'refused', versionId: id, reason: 'undecodable' };
    if (state.version(bucket.name, key, id) === undefined) return { kind: 'refused', versionId: id, reason: 'no-such-version' };
    const removed = removeVersion(state, bucket.name, key, id);
    return { kind: 'done', writes: [], deletes: removed.deletes, blobs: removed.blobs, versionId: id, deleteMarker: removed.wasMarker };
  }
  const enabled = bucket.versioning === 'Enabled';
  const marker: DeleteMarkerRecord = {
    kind: 'marker',
    bucket: bucket.name,
    key,
    ...(enabled ? { versionId: newVersionId(ctx.ids) } : {}),
    lastModifiedMs: ctx.nowMs,
    ownerAccount: ctx.account,
    sequence: state.nextSequence(),
  };
  // Suspended: the `null` marker takes the place of the `null` version, whose bytes go.
  const replaced = enabled ? { deletes: [], blobs: [] } : removeVersion(state, bucket.name, key, NULL_VERSION);
  return { kind: 'done', writes: [marker], deletes: replaced.deletes, blobs: replaced.blobs, versionId: versionIdOf(marker), deleteMarker: true };
}

async function applyDeletions(deps: S3Deps, bucketName: string, named: readonly Named[], ctx: ServiceContext): Promise<Deletion[]> {
  const { deletions, blobs } = await deps.state.mutate((state) => {
    const bucket = requireBucket(state, bucketName);
    const planned = named.map((n) => planDeletion(state, bucket, n, ctx));
    const done = planned.filter((d) => d.kind === 'done');
    return {
      writes: done.flatMap((d) => d.writes),
      deletes: done.flatMap((d) => d.deletes),
      result: { deletions: planned, blobs: done.flatMap((d) => d.blobs) },
    };
  });
  for (const blobKey of blobs) await deps.blobs.delete(blobKey);
  return deletions;
}

/** `s3:DeleteObject`, or `s3:DeleteObjectVersion` for an object named with a version id (§9.3). */
const versionAware = (bucket: string, objects: readonly Named[]) => ({
  resources: objects.filter((o) => o.VersionId === undefined).map((o) => objectArn(bucket, o.Key)),
  also: objects.filter((o) => o.VersionId !== undefined).map((o) => ({ action: 's3:DeleteObjectVersion', resource: objectArn(bucket, o.Key) })),
});

export function deleteObject(deps: S3Deps): Operation {
  return defineOperation<DeleteObjectRequest, DeleteObjectOutput>({
    name: 'DeleteObject',
    authorization: {
      kind: 'policy',
      action: 's3:DeleteObject',
      resources: (input) => versionAware(input.Bucket, [input]).resources,
      also: (input) => versionAware(input.Bucket, [input]).also,
    },
    handle: async (input, ctx) => {
      const [deletion] = await applyDeletions(deps, input.Bucket, [input], ctx);
      if (deletion === undefined) return {};
      // [U] a well-formed id of no version: DeleteObject answers 204 with the id (DeleteObjects reports NoSuchVersion [R]).
      if (deletion.kind === 'refused' && deletion.reason === 'no-such-version') return { VersionId: deletion.versionId };
      if (deletion.kind === 'refused') throw invalidVersionId(deletion.versionId);
      return {
        ...(deletion.deleteMarker ? { DeleteMarker: true } : {}),
        ...(deletion.versionId === undefined ? {} : { VersionId: deletion.versionId }),
      };
    },
  });
}

/** A DeleteObjects `<Deleted>` entry [R: test_delete_objects_versioned, test_delete_keys_in_versioned_bucket]. */
function deletedEntry(named: Named, deletion: Deletion & { kind: 'done' }): DeletedObject {
  // [U] a deletion of `versionId=null` on a never-versioned bucket echoes the id, as S3 does for versioned deletions.
  const echoed = named.VersionId === undefined ? {} : { VersionId: named.VersionId };
  if (!deletion.deleteMarker || deletion.versionId === undefined) return { Key: named.Key, ...echoed };
  return { Key: named.Key, ...echoed, DeleteMarker: true, DeleteMarkerVersionId: deletion.versionId };
}

/** DeleteObjects' input, with the entries the authorizer refused (by index). */
type DeleteObjectsInput = DeleteObjectsRequest & { readonly deniedEntries?: readonly number[] };

/** A refused entry: `<Error>` with the key, the version id sent, `AccessDenied` and S3's classic text (§9.7). */
const accessDeniedEntry = (named: Named): S3ErrorEntry => ({
  Key: named.Key,
  ...(named.VersionId === undefined ? {} : { VersionId: named.VersionId }),
  Code: 'AccessDenied',
  Message: 'Access Denied',
});

/**
 * Each entry is authorized on its own: one the caller may not delete is reported as an `AccessDenied` `<Error>`
 * and the others are deleted, with 200 (aws-behaviour.md §9.7).
 */
export function deleteObjects(deps: S3Deps): Operation {
  return defineOperation<DeleteObjectsInput, DeleteObjectsOutput>({
    name: 'DeleteObjects',
    authorization: {
      kind: 'policy',
      action: 's3:DeleteObject',
      resources: (input) => versionAware(input.Bucket, input.Delete?.Objects ?? []).resources,
      also: (input) => versionAware(input.Bucket, input.Delete?.Objects ?? []).also,
      perItem: {
        checks: (input) =>
          (input.Delete?.Objects ?? []).map((named) => {
            const { resources, also } = versionAware(input.Bucket, [named]);
            return [...resources.map((resource) => ({ action: 's3:DeleteObject', resource })), ...also];
          }),
        withDenied: (input, denied) => ({ ...input, deniedEntries: denied }),
      },
    },
    handle: async (input, ctx) => {
      const objects = input.Delete?.Objects ?? [];
      if (objects.length === 0 || objects.length > MAX_KEYS_PER_DELETE) throw s3Errors.malformedXml();
      const denied = new Set(input.deniedEntries ?? []);
      const allowed = objects.filter((_, i) => !denied.has(i));
      requireBucket(deps.state, input.Bucket);
      const deletions = allowed.length === 0 ? [] : await applyDeletions(deps, input.Bucket, allowed, ctx);
      const deleted: DeletedObject[] = [];
      const errors: S3ErrorEntry[] = [];
      let next = 0;
      objects.forEach((named, i) => {
        if (denied.has(i)) {
          errors.push(accessDeniedEntry(named));
          return;
        }
        const deletion = deletions[next++];
        if (deletion === undefined) return;
        if (deletion.kind === 'done') deleted.push(deletedEntry(named, deletion));
        else errors.push({ Key: named.Key, VersionId: deletion.versionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
      });
      return {
        ...(input.Delete.Quiet === true ? {} : { Deleted: deleted }),
        ...(errors.length === 0 ? {} : { Errors: errors }),
      };
    },
  });
}
