/** CreateMultipartUpload, UploadPart and AbortMultipartUpload (S3 API reference; actions per §5.6). */
import { objectArn } from '../../../arn/arn.js';
import type {
  AbortMultipartUploadOutput,
  AbortMultipartUploadRequest,
  CreateMultipartUploadOutput,
  CreateMultipartUploadRequest,
  UploadPartOutput,
  UploadPartRequest,
} from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { checkKey } from '../commit-object.js';
import { checksumMembers } from '../checksums.js';
import { uploadChecksum, uploadChecksumEntry } from '../multipart-checksum.js';
import { receiveBody } from '../receive-body.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import { objectWriteAccess } from '../object-write-access.js';
import { storedHeaders, storedMetadata } from '../stored-headers.js';
import { headerTagKeys, tagSetFromHeader, tagsMember } from '../tag-set.js';
import { requireUpload } from '../upload-lookup.js';

const onObject = (input: { Bucket: string; Key: string }): readonly string[] => [objectArn(input.Bucket, input.Key)];
const MAX_PART_NUMBER = 10000;

export function createMultipartUpload(deps: S3Deps): Operation {
  return defineOperation<CreateMultipartUploadRequest, CreateMultipartUploadOutput>({
    name: 'CreateMultipartUpload',
    // As PutObject's: tags in `x-amz-tagging` need s3:PutObjectTagging too, and are applied at Complete (§9.4).
    authorization: {
      kind: 'policy',
      action: 's3:PutObject',
      resources: onObject,
      context: (input) => headerTagKeys(input.Tagging),
      also: (input) =>
        input.Tagging === undefined
          ? []
          : [{ action: 's3:PutObjectTagging', resource: objectArn(input.Bucket, input.Key), context: headerTagKeys(input.Tagging) }],
    },
    handle: async (input, ctx) => {
      checkKey(input.Key);
      const checksum = uploadChecksum(input.ChecksumAlgorithm, input.ChecksumType);
      const access = objectWriteAccess(deps, input.Bucket, input, ctx.account);
      const tags = tagSetFromHeader(input.Tagging ?? '');
      // Upload ids are opaque, URL-safe and long in AWS; the lab's are 64 random characters.
      const uploadId = ctx.ids.token(48).replace(/\+/g, '-').replace(/\//g, '_');
      const principal = ctx.principal;
      await deps.state.mutate((state) => {
        requireBucket(state, input.Bucket);
        return {
          writes: [
            {
              kind: 'upload',
              uploadId,
              bucket: input.Bucket,
              key: input.Key,
              initiatedMs: ctx.nowMs,
              ...access,
              initiatorArn: principal.type === 'anonymous' ? 'anonymous' : principal.arn,
              initiatorId: principal.type === 'anonymous' ? 'anonymous' : principal.userId,
              headers: storedHeaders(input),
              metadata: storedMetadata(input.Metadata),
              ...tagsMember(tags),
              ...(checksum === undefined ? {} : { checksum }),
              parts: {},
            },
          ],
          result: undefined,
        };
      });
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: uploadId,
        ServerSideEncryption: 'AES256',
        ...(checksum === undefined ? {} : { ChecksumAlgorithm: checksum.algorithm, ChecksumType: checksum.type }),
      };
    },
  });
}

export function uploadPart(deps: S3Deps): Operation {
  return defineOperation<UploadPartRequest, UploadPartOutput>({
    name: 'UploadPart',
    authorization: { kind: 'policy', action: 's3:PutObject', resources: onObject },
    handle: async (input, ctx) => {
      const n = input.PartNumber;
      if (!Number.isInteger(n) || n < 1 || n > MAX_PART_NUMBER) {
        throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(n));
      }
      const required = uploadChecksumEntry(requireUpload(deps.state, input.Bucket, input.Key, input.UploadId));
      const blobKey = `parts/${input.UploadId}/${n}/${ctx.ids.hex(16)}`;
      // A part of an upload with an algorithm carries its checksum in that algorithm; of one without, any checksum
      // sent is verified and answered but not kept (ListParts shows none) [R: aws-behaviour.md §9.7].
      const { digests, checksums } = await receiveBody(deps, blobKey, input, required === undefined ? {} : { required });
      const partChecksum = required === undefined ? undefined : checksums[required.field];
      const etag = `"${digests.md5Hex}"`;
      let replaced: string | undefined;
      try {
        replaced = await deps.state.mutate((state) => {
          const upload = requireUpload(state, input.Bucket, input.Key, input.UploadId);
          const part = {
            partNumber: n,
            blobKey,
            size: digests.size,
            etag,
            md5Hex: digests.md5Hex,
            lastModifiedMs: ctx.nowMs,
            ...(partChecksum === undefined ? {} : { checksum: partChecksum }),
          };
          return { writes: [{ ...upload, parts: { ...upload.parts, [String(n)]: part } }], result: upload.parts[String(n)]?.blobKey };
        });
      } catch (error) {
        await deps.blobs.delete(blobKey);
        throw error;
      }
      if (replaced !== undefined) await deps.blobs.delete(replaced);
      return { ETag: etag, ...checksumMembers(checksums), ServerSideEncryption: 'AES256' };
    },
  });
}

export function abortMultipartUpload(deps: S3Deps): Operation {
  return defineOperation<AbortMultipartUploadRequest, AbortMultipartUploadOutput>({
    name: 'AbortMultipartUpload',
    authorization: { kind: 'policy', action: 's3:AbortMultipartUpload', resources: onObject },
    handle: async (input) => {
      const blobs = await deps.state.mutate((state) => {
        const upload = requireUpload(state, input.Bucket, input.Key, input.UploadId);
        return { deletes: [{ kind: 'upload', uploadId: upload.uploadId }], result: Object.values(upload.parts).map((p) => p.blobKey) };
      });
      for (const key of blobs) await deps.blobs.delete(key);
      return {};
    },
  });
}
