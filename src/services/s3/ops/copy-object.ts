/**
 * CopyObject: the source's bytes into a new blob; metadata copied (`COPY`, the default) or taken from the
 * request (`REPLACE`). Copying an object onto itself must change something. Authorized as `s3:PutObject` on
 * the target plus `s3:GetObject` on the source.
 */
import { objectArn } from '../../../arn/arn.js';
import type { CopyObjectOutput, CopyObjectRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { checkKey, commitObject, newBlobKey } from '../commit-object.js';
import { checkConditions } from '../conditionals.js';
import { parseCopySource } from '../copy-source.js';
import { maxBytesOf } from '../receive-body.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { bucketOwnerOf, requireBucket, requireObject } from '../s3-lookup.js';
import { objectWriteAccess } from '../object-write-access.js';
import { storedHeaders, storedMetadata } from '../stored-headers.js';

const SELF_COPY =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

export function copyObject(deps: S3Deps): Operation {
  return defineOperation<CopyObjectRequest, CopyObjectOutput>({
    name: 'CopyObject',
    authorization: {
      kind: 'policy',
      action: 's3:PutObject',
      resources: (input) => [objectArn(input.Bucket, input.Key)],
      also: (input, ctx) => {
        const source = parseCopySource(input.CopySource);
        const owner = bucketOwnerOf(deps.state, source.bucket, { key: source.key, principal: ctx.principal });
        return [{ action: 's3:GetObject', resource: objectArn(source.bucket, source.key), ...(owner === undefined ? {} : { owner }) }];
      },
    },
    handle: async (input, ctx) => {
      const source = parseCopySource(input.CopySource);
      requireBucket(deps.state, input.Bucket);
      checkKey(input.Key);
      const access = objectWriteAccess(deps, input.Bucket, input, ctx.account);
      const from = requireObject(deps.state, source.bucket, source.key);
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
      const sameObject = source.bucket === input.Bucket && source.key === input.Key;
      if (sameObject && !replace && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined) {
        throw s3Errors.invalidRequest(SELF_COPY);
      }
      const headers = replace
        ? storedHeaders(input)
        : { ...from.headers, ...(input.StorageClass === undefined ? {} : { storageClass: input.StorageClass }) };
      const blobKey = newBlobKey(ctx.ids);
      const digests = await deps.blobs.write(blobKey, deps.blobs.read(from.blobKey), { maxBytes: Math.max(maxBytesOf(deps), from.size) });
      // A copy is one new object: its ETag is the MD5 of its bytes, even when the source was multipart.
      const etag = `"${digests.md5Hex}"`;
      await commitObject(deps, input, ctx.nowMs, {
        blobKey,
        size: digests.size,
        etag,
        ...access,
        headers,
        metadata: replace ? storedMetadata(input.Metadata) : { ...from.metadata },
        checksums: from.checksums,
      });
      return { CopyObjectResult: { ETag: etag, LastModified: ctx.nowMs }, ServerSideEncryption: 'AES256' };
    },
  });
}
