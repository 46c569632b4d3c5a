/**
 * CompleteMultipartUpload: the listed parts must be ascending (`InvalidPartOrder`), uploaded with the ETag
 * given (`InvalidPart`), and all but the last at least 5 MiB (`EntityTooSmall`). The parts' bytes are
 * concatenated into one new blob; the object's ETag is `multipartEtag`.
 */
import { objectArn } from '../../../arn/arn.js';
import type { CompleteMultipartUploadOutput, CompleteMultipartUploadRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { commitObject, newBlobKey } from '../commit-object.js';
import { multipartEtag } from '../multipart-etag.js';
import type { S3Deps } from '../s3-deps.js';
import { MIN_PART_BYTES, s3Errors } from '../s3-errors.js';
import type { PartRecord, UploadRecord } from '../s3-records.js';
import { requireUpload } from '../upload-lookup.js';

/** The upload's parts the request names, checked in S3's order. */
function chosenParts(upload: UploadRecord, input: CompleteMultipartUploadRequest): PartRecord[] {
  const listed = input.MultipartUpload?.Parts ?? [];
  if (listed.length === 0) throw s3Errors.malformedXml();
  let previous = 0;
  const parts: PartRecord[] = [];
  for (const item of listed) {
    const n = item.PartNumber ?? 0;
    if (n <= previous) throw s3Errors.invalidPartOrder(upload.uploadId);
    previous = n;
    const part = upload.parts[String(n)];
    const etag = (item.ETag ?? '').replace(/"/g, '');
    if (part === undefined || etag !== part.md5Hex) throw s3Errors.invalidPart(upload.uploadId, n, etag);
    parts.push(part);
  }
  parts.forEach((part, i) => {
    if (i < parts.length - 1 && part.size < MIN_PART_BYTES) throw s3Errors.entityTooSmall(part.size, part.partNumber, part.etag);
  });
  return parts;
}

async function* concatenate(deps: S3Deps, parts: readonly PartRecord[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield* deps.blobs.read(part.blobKey);
}

export function completeMultipartUpload(deps: S3Deps): Operation {
  return defineOperation<CompleteMultipartUploadRequest, CompleteMultipartUploadOutput>({
    name: 'CompleteMultipartUpload',
    authorization: { kind: 'policy', action: 's3:PutObject', resources: (input) => [objectArn(input.Bucket, input.Key)] },
    handle: async (input, ctx) => {
      const upload = requireUpload(deps.state, input.Bucket, input.Key, input.UploadId);
      const parts = chosenParts(upload, input);
      const blobKey = newBlobKey(ctx.ids);
      const total = parts.reduce((sum, p) => sum + p.size, 0);
      const digests = await deps.blobs.write(blobKey, concatenate(deps, parts), { maxBytes: total });
      const etag = multipartEtag(parts.map((p) => p.md5Hex));
      const committed = await commitObject(
        deps,
        input,
        ctx,
        {
          blobKey,
          size: digests.size,
          etag,
          ownerAccount: upload.ownerAccount,
          ...(upload.acl === undefined ? {} : { acl: upload.acl }),
          headers: upload.headers,
          metadata: upload.metadata,
          checksums: {},
          partsCount: parts.length,
          ...(upload.tags === undefined ? {} : { tags: upload.tags }),
        },
        {
          deletes: [{ kind: 'upload', uploadId: upload.uploadId }],
          // Another Complete or an Abort may have won the race while the bytes were copied.
          check: (state) => void requireUpload(state, input.Bucket, input.Key, input.UploadId),
        },
      );
      for (const part of Object.values(upload.parts)) await deps.blobs.delete(part.blobKey);
      return {
        Location: `http://${input.Bucket}.s3.amazonaws.com/${encodeURIComponent(input.Key).replace(/%2F/g, '/')}`,
        Bucket: input.Bucket,
        Key: input.Key,
        ETag: etag,
        ServerSideEncryption: 'AES256',
        ...committed,
      };
    },
  });
}
