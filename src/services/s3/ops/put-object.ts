/** PutObject (§5.2): the body streams into the BlobStore; `ETag` = quoted MD5 hex of the stored bytes. */
import { objectArn } from '../../../arn/arn.js';
import type { PutObjectOutput, PutObjectRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { checkKey, commitObject, newBlobKey } from '../commit-object.js';
import { checksumMembers, checksumType } from '../checksums.js';
import { receiveBody } from '../receive-body.js';
import type { S3Deps } from '../s3-deps.js';
import { requireBucket } from '../s3-lookup.js';
import { objectWriteAccess } from '../object-write-access.js';
import { storedHeaders, storedMetadata } from '../stored-headers.js';
import { headerTagKeys, tagSetFromHeader, tagsMember } from '../tag-set.js';

export function putObject(deps: S3Deps): Operation {
  return defineOperation<PutObjectRequest, PutObjectOutput>({
    name: 'PutObject',
    // Tags in `x-amz-tagging` also need s3:PutObjectTagging, and are the request's tag condition keys (§9.4).
    authorization: {
      kind: 'policy',
      action: 's3:PutObject',
      resources: (input) => [objectArn(input.Bucket, input.Key)],
      context: (input) => headerTagKeys(input.Tagging),
      also: (input) =>
        input.Tagging === undefined
          ? []
          : [{ action: 's3:PutObjectTagging', resource: objectArn(input.Bucket, input.Key), context: headerTagKeys(input.Tagging) }],
    },
    handle: async (input, ctx) => {
      requireBucket(deps.state, input.Bucket);
      checkKey(input.Key);
      const access = objectWriteAccess(deps, input.Bucket, input, ctx.account);
      const tags = tagSetFromHeader(input.Tagging ?? '');
      const blobKey = newBlobKey(ctx.ids);
      // Without a checksum of its own, the object gets S3's default CRC64NVME (aws-behaviour.md §9.7).
      const { digests, checksums } = await receiveBody(deps, blobKey, input, { byDefault: true });
      const etag = `"${digests.md5Hex}"`;
      const committed = await commitObject(deps, input, ctx, {
        blobKey,
        size: digests.size,
        etag,
        ...access,
        headers: storedHeaders(input),
        metadata: storedMetadata(input.Metadata),
        checksums,
        ...tagsMember(tags),
      });
      // New objects are encrypted with SSE-S3 by default, and S3 says so.
      return { ETag: etag, ...checksumMembers(checksums), ...checksumType(checksums), ServerSideEncryption: 'AES256', ...committed };
    },
  });
}
