/**
 * DeleteObject (204 whether or not the key exists, §5.2) and DeleteObjects (up to 1000 keys; `Quiet` leaves
 * successful deletions out of the answer). Both authorize `s3:DeleteObject` on every object named, or
 * `s3:DeleteObjectVersion` for one named with a version id. Buckets are never versioned: `null` names the one
 * version, any other id is `InvalidArgument` (DeleteObject) or a `NoSuchVersion` entry (DeleteObjects), §9.3.
 */
import { objectArn } from '../../../arn/arn.js';
import type { DeleteObjectOutput, DeleteObjectRequest, DeleteObjectsOutput, DeleteObjectsRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import { checkVersionId, namesOtherVersion } from '../version-id.js';

const MAX_KEYS_PER_DELETE = 1000;

async function deleteKeys(deps: S3Deps, bucket: string, keys: readonly string[]): Promise<void> {
  const blobs = await deps.state.mutate((state) => {
    requireBucket(state, bucket);
    const present = keys.map((key) => state.object(bucket, key)).filter((o) => o !== undefined);
    return { deletes: present.map((o) => ({ kind: 'object' as const, bucket, key: o.key })), result: present.map((o) => o.blobKey) };
  });
  for (const blobKey of blobs) await deps.blobs.delete(blobKey);
}

export function deleteObject(deps: S3Deps): Operation {
  return defineOperation<DeleteObjectRequest, DeleteObjectOutput>({
    name: 'DeleteObject',
    authorization: {
      kind: 'policy',
      action: 's3:DeleteObject',
      resources: (input) => (input.VersionId === undefined ? [objectArn(input.Bucket, input.Key)] : []),
      also: (input) => (input.VersionId === undefined ? [] : [{ action: 's3:DeleteObjectVersion', resource: objectArn(input.Bucket, input.Key) }]),
    },
    handle: async (input) => {
      requireBucket(deps.state, input.Bucket);
      checkVersionId(input.VersionId);
      await deleteKeys(deps, input.Bucket, [input.Key]);
      return {};
    },
  });
}

export function deleteObjects(deps: S3Deps): Operation {
  return defineOperation<DeleteObjectsRequest, DeleteObjectsOutput>({
    name: 'DeleteObjects',
    authorization: {
      kind: 'policy',
      action: 's3:DeleteObject',
      resources: (input) => (input.Delete?.Objects ?? []).filter((o) => o.VersionId === undefined).map((o) => objectArn(input.Bucket, o.Key)),
      also: (input) =>
        (input.Delete?.Objects ?? [])
          .filter((o) => o.VersionId !== undefined)
          .map((o) => ({ action: 's3:DeleteObjectVersion', resource: objectArn(input.Bucket, o.Key) })),
    },
    handle: async (input) => {
      const objects = input.Delete?.Objects ?? [];
      if (objects.length === 0 || objects.length > MAX_KEYS_PER_DELETE) throw s3Errors.malformedXml();
      const deleted = objects.filter((o) => !namesOtherVersion(o.VersionId));
      await deleteKeys(
        deps,
        input.Bucket,
        deleted.map((o) => o.Key),
      );
      const errors = objects
        .filter((o) => namesOtherVersion(o.VersionId))
        .map((o) => ({
          Key: o.Key,
          ...(o.VersionId === undefined ? {} : { VersionId: o.VersionId }),
          Code: 'NoSuchVersion',
          Message: 'The specified version does not exist.',
        }));
      return {
        // [U] a deletion of `versionId=null` echoes the id, as S3 does for versioned deletions.
        ...(input.Delete.Quiet === true
          ? {}
          : { Deleted: deleted.map((o) => (o.VersionId === undefined ? { Key: o.Key } : { Key: o.Key, VersionId: o.VersionId })) }),
        ...(errors.length === 0 ? {} : { Errors: errors }),
      };
    },
  });
}
