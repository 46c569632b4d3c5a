/**
 * CopyObject: the source's bytes into a new blob; metadata copied (`COPY`, the default) or taken from the
 * request (`REPLACE`); tags likewise with `x-amz-tagging-directive` (§9.4). Copying an object onto itself must
 * change something. Authorized as `s3:PutObject` on the target plus `s3:GetObject` on the source (with the
 * source's tags as `s3:ExistingObjectTag/<key>`).
 */
import { objectArn } from '../../../arn/arn.js';
import type { CopyObjectOutput, CopyObjectRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { checkKey, commitObject, newBlobKey } from '../commit-object.js';
import { checkConditions } from '../conditionals.js';
import type { CopySource } from '../copy-source.js';
import { parseCopySource } from '../copy-source.js';
import { maxBytesOf } from '../receive-body.js';
import { checksumAlgorithms, checksumEntry, checksumMembers, checksumType, CRC64NVME } from '../checksums.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { bucketOwnerOf, requireBucket } from '../s3-lookup.js';
import { objectWriteAccess } from '../object-write-access.js';
import type { ObjectRecord } from '../s3-records.js';
import { versionIdOf } from '../s3-records.js';
import { findVersion, versionTags } from '../version-lookup.js';
import { storedHeaders, storedMetadata } from '../stored-headers.js';
import { existingTagKeys, headerTagKeys, tagSetFromHeader, tagsMember } from '../tag-set.js';

/**
 * `x-amz-tagging-directive: REPLACE` takes the tags of `x-amz-tagging` (none if absent); COPY, the default, the
 * source's [R: test_s3_copy_tagging_directive].
 */
const replacesTags = (input: CopyObjectRequest): boolean => input.TaggingDirective === 'REPLACE';

const sourceTarget = (source: CopySource): { Bucket: string; Key: string; VersionId?: string } => ({
  Bucket: source.bucket,
  Key: source.key,
  ...(source.versionId === undefined ? {} : { VersionId: source.versionId }),
});

/**
 * The source version: the latest, or the one named. A delete marker named by id is `InvalidRequest` [R: B7.2];
 * a key whose latest version is a marker is `NoSuchKey`, a version that is gone `NoSuchVersion` [U: by analogy with GetObject].
 */
function sourceObject(deps: S3Deps, source: CopySource): ObjectRecord {
  const found = findVersion(deps.state, sourceTarget(source));
  if (found?.kind === 'object') return found;
  if (found !== undefined && source.versionId !== undefined)
    throw s3Errors.invalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
  if (source.versionId === undefined || deps.state.bucket(source.bucket)?.versioning === undefined) throw s3Errors.noSuchKey(source.key);
  throw s3Errors.noSuchVersion(source.key, source.versionId);
}

const SELF_COPY =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

export function copyObject(deps: S3Deps): Operation {
  return defineOperation<CopyObjectRequest, CopyObjectOutput>({
    name: 'CopyObject',
    authorization: {
      kind: 'policy',
      action: 's3:PutObject',
      resources: (input) => [objectArn(input.Bucket, input.Key)],
      context: (input) => (replacesTags(input) ? headerTagKeys(input.Tagging) : {}),
      also: (input, ctx) => {
        const source = parseCopySource(input.CopySource);
        const owner = bucketOwnerOf(deps.state, source.bucket, { key: source.key, principal: ctx.principal });
        const sourceTags = existingTagKeys(versionTags(deps.state, sourceTarget(source)));
        return [
          {
            // From a named version: s3:GetObjectVersion (aws-behaviour.md §9.5).
            action: source.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion',
            resource: objectArn(source.bucket, source.key),
            ...(Object.keys(sourceTags).length === 0 ? {} : { context: sourceTags }),
            ...(owner === undefined ? {} : { owner }),
          },
          // [U] as PutObject's: tags set by the request need s3:PutObjectTagging on the copy.
          ...(replacesTags(input) && input.Tagging !== undefined
            ? [{ action: 's3:PutObjectTagging', resource: objectArn(input.Bucket, input.Key), context: headerTagKeys(input.Tagging) }]
            : []),
        ];
      },
    },
    handle: async (input, ctx) => {
      const source = parseCopySource(input.CopySource);
      requireBucket(deps.state, input.Bucket);
      checkKey(input.Key);
      const access = objectWriteAccess(deps, input.Bucket, input, ctx.account);
      const newTags = replacesTags(input) ? tagSetFromHeader(input.Tagging ?? '') : undefined;
      const from = sourceObject(deps, source);
      checkConditions(
        from,
        {
          ifMatch: input.CopySourceIfMatch,
          ifNoneMatch: input.CopySourceIfNoneMatch,
          ifModifiedSinceMs: input.CopySourceIfModifiedSince,
          ifUnmodifiedSinceMs: input.CopySourceIfUnmodifiedSince,
        },
        'copy-source',
      );
      const replace = input.MetadataDirective === 'REPLACE';
      // Copying an older version onto its key is how a version is restored: not a self-copy.
      const sameObject = source.bucket === input.Bucket && source.key === input.Key && source.versionId === undefined;
      if (sameObject && !replace && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined) {
        throw s3Errors.invalidRequest(SELF_COPY);
      }
      const headers = replace
        ? storedHeaders(input)
        : { ...from.headers, ...(input.StorageClass === undefined ? {} : { storageClass: input.StorageClass }) };
      const blobKey = newBlobKey(ctx.ids);
      // The copy's checksum covers the whole new object: in the algorithm asked for, else the source's, else S3's
      // default CRC64NVME; a COMPOSITE source becomes FULL_OBJECT [R: copy-obj-checksum, copy-obj-default-checksum].
      const checksum = checksumEntry(input.ChecksumAlgorithm) ?? checksumEntry(checksumAlgorithms(from.checksums)[0]) ?? CRC64NVME;
      const digests = await deps.blobs.write(blobKey, deps.blobs.read(from.blobKey), {
        maxBytes: Math.max(maxBytesOf(deps), from.size),
        checksums: [checksum.field],
      });
      const computed = digests[checksum.digest];
      const checksums = typeof computed === 'string' ? { [checksum.field]: computed } : {};
      // A copy is one new object: its ETag is the MD5 of its bytes, even when the source was multipart.
      const etag = `"${digests.md5Hex}"`;
      const committed = await commitObject(deps, input, ctx, {
        blobKey,
        size: digests.size,
        etag,
        ...access,
        headers,
        metadata: replace ? storedMetadata(input.Metadata) : { ...from.metadata },
        checksums,
        ...tagsMember(newTags ?? from.tags ?? []),
      });
      return {
        CopyObjectResult: { ETag: etag, LastModified: ctx.nowMs, ...checksumType(checksums), ...checksumMembers(checksums) },
        ServerSideEncryption: 'AES256',
        ...(source.versionId === undefined && deps.state.bucket(source.bucket)?.versioning === undefined
          ? {}
          : { CopySourceVersionId: versionIdOf(from) }),
        ...committed,
      };
    },
  });
}
