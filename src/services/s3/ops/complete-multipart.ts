/**
 * CompleteMultipartUpload: the listed parts must be ascending (`InvalidPartOrder`), uploaded with the ETag
 * given (`InvalidPart`), and all but the last at least 5 MiB (`EntityTooSmall`). The parts' bytes are
 * concatenated into one new blob; the object's ETag is `multipartEtag`. Its checksum is the composite of the
 * parts' for a COMPOSITE upload, else of the whole object — CRC64NVME for an upload without an algorithm
 * (`multipart-checksum.ts`, aws-behaviour.md §9.7).
 */
import { objectArn } from '../../../arn/arn.js';
import type { CompleteMultipartUploadOutput, CompleteMultipartUploadRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { commitObject, newBlobKey } from '../commit-object.js';
import { multipartEtag } from '../multipart-etag.js';
import type { S3Deps } from '../s3-deps.js';
import { MIN_PART_BYTES, s3Errors } from '../s3-errors.js';
import type { ObjectChecksums, PartRecord, UploadRecord } from '../s3-records.js';
import type { BlobDigests } from '../../../store/blob/blob-store.js';
import { checksumMembers, checksumType, compositeChecksum, CRC64NVME, sentChecksums } from '../checksums.js';
import { checkCompleteType, checkPartChecksum, uploadChecksumEntry } from '../multipart-checksum.js';
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
    checkPartChecksum(upload, item, part, () => s3Errors.invalidPart(upload.uploadId, n, etag));
    parts.push(part);
  }
  parts.forEach((part, i) => {
    if (i < parts.length - 1 && part.size < MIN_PART_BYTES) throw s3Errors.entityTooSmall(part.size, part.partNumber, part.etag);
  });
  return parts;
}

/**
 * The object's checksum, and Complete's own checksum header checked against it: for a FULL_OBJECT upload only
 * the upload's algorithm with `x-amz-checksum-type: FULL_OBJECT` and the right value passes, anything else is
 * `BadDigest` naming the upload's algorithm [R: complete-part-*, test_multipart_parts_checksum_exceptions_full_object].
 * [U] a COMPOSITE upload's header is checked against `<base64>-<parts>`; without an algorithm it is ignored.
 */
function objectChecksums(
  upload: UploadRecord,
  parts: readonly PartRecord[],
  digests: BlobDigests,
  input: CompleteMultipartUploadRequest,
): ObjectChecksums {
  const entry = uploadChecksumEntry(upload);
  const sent = sentChecksums(input);
  if (entry !== undefined && upload.checksum?.type === 'COMPOSITE') {
    const value = compositeChecksum(
      entry,
      parts.map((p) => p.checksum ?? ''),
    );
    if (sent.some((s) => s.entry !== entry || s.value !== value)) throw s3Errors.badChecksum(entry.algorithm.toLowerCase());
    return { [entry.field]: value, type: 'COMPOSITE' };
  }
  const whole = entry ?? CRC64NVME;
  const computed = digests[whole.digest];
  if (typeof computed !== 'string') return {};
  if (entry !== undefined && sent.some((s) => s.entry !== entry || s.value !== computed || input.ChecksumType !== 'FULL_OBJECT')) {
    throw s3Errors.badChecksum(entry.algorithm.toLowerCase());
  }
  return { [whole.field]: computed };
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
      checkCompleteType(upload, input.ChecksumType);
      const parts = chosenParts(upload, input);
      const blobKey = newBlobKey(ctx.ids);
      const total = parts.reduce((sum, p) => sum + p.size, 0);
      const entry = uploadChecksumEntry(upload);
      const whole = upload.checksum?.type === 'COMPOSITE' ? undefined : (entry ?? CRC64NVME);
      const digests = await deps.blobs.write(blobKey, concatenate(deps, parts), {
        maxBytes: total,
        checksums: whole === undefined ? [] : [whole.field],
      });
      let checksums: ObjectChecksums;
      try {
        checksums = objectChecksums(upload, parts, digests, input);
      } catch (error) {
        await deps.blobs.delete(blobKey);
        throw error;
      }
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
          checksums,
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
        ...checksumMembers(checksums),
        ...checksumType(checksums),
        ServerSideEncryption: 'AES256',
        ...committed,
      };
    },
  });
}
