/** ListParts (`s3:ListMultipartUploadParts`) and ListMultipartUploads (`s3:ListBucketMultipartUploads`). */
import { bucketArn, objectArn } from '../../../arn/arn.js';
import type { ListMultipartUploadsOutput, ListMultipartUploadsRequest, ListPartsOutput, ListPartsRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { clampMaxKeys, encodeKey, listPage } from '../list-keys.js';
import type { S3Deps } from '../s3-deps.js';
import { requireBucket } from '../s3-lookup.js';
import { ownerOf } from '../s3-owner.js';
import type { ChecksumAlgorithmName, UploadRecord } from '../s3-records.js';
import { uploadChecksumEntry } from '../multipart-checksum.js';
import { compareKeys } from '../s3-state.js';
import { requireUpload } from '../upload-lookup.js';

// The Initiator keeps its DisplayName: answers recorded in February 2026 send it while Owner has none (aws-behaviour.md §9.7).
/** An upload's algorithm and type, as ListParts and ListMultipartUploads answer them [R: aws-behaviour.md §9.7]. */
const checksumOfUpload = (upload: UploadRecord): { ChecksumAlgorithm?: ChecksumAlgorithmName; ChecksumType?: 'COMPOSITE' | 'FULL_OBJECT' } =>
  upload.checksum === undefined ? {} : { ChecksumAlgorithm: upload.checksum.algorithm, ChecksumType: upload.checksum.type };

const initiatorOf = (upload: UploadRecord): { ID: string; DisplayName: string } => ({ ID: upload.initiatorArn, DisplayName: upload.initiatorId });

export function listParts(deps: S3Deps): Operation {
  return defineOperation<ListPartsRequest, ListPartsOutput>({
    name: 'ListParts',
    authorization: { kind: 'policy', action: 's3:ListMultipartUploadParts', resources: (input) => [objectArn(input.Bucket, input.Key)] },
    handle: async (input) => {
      const upload = requireUpload(deps.state, input.Bucket, input.Key, input.UploadId);
      const entry = uploadChecksumEntry(upload);
      const max = clampMaxKeys(input.MaxParts);
      const marker = input.PartNumberMarker ?? 0;
      const after = Object.values(upload.parts)
        .filter((p) => p.partNumber > marker)
        .sort((a, b) => a.partNumber - b.partNumber);
      const page = after.slice(0, max);
      const truncated = after.length > max;
      const last = page[page.length - 1];
      return {
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
        PartNumberMarker: marker,
        ...(last === undefined ? {} : { NextPartNumberMarker: last.partNumber }),
        MaxParts: max,
        IsTruncated: truncated,
        Parts: page.map((p) => ({
          PartNumber: p.partNumber,
          LastModified: p.lastModifiedMs,
          ETag: p.etag,
          Size: p.size,
          ...(entry === undefined || p.checksum === undefined ? {} : { [entry.member]: p.checksum }),
        })),
        Initiator: initiatorOf(upload),
        Owner: ownerOf(upload.ownerAccount),
        StorageClass: upload.headers.storageClass as ListPartsOutput['StorageClass'] & string,
        ...checksumOfUpload(upload),
      };
    },
  });
}

export function listMultipartUploads(deps: S3Deps): Operation {
  return defineOperation<ListMultipartUploadsRequest, ListMultipartUploadsOutput>({
    name: 'ListMultipartUploads',
    authorization: { kind: 'policy', action: 's3:ListBucketMultipartUploads', resources: (input) => [bucketArn(input.Bucket)] },
    handle: async (input) => {
      requireBucket(deps.state, input.Bucket);
      const max = clampMaxKeys(input.MaxUploads);
      const sorted = deps.state.uploads(input.Bucket);
      const keyMarker = input.KeyMarker;
      const markerIndex = sorted.findIndex((u) => u.key === keyMarker && u.uploadId === input.UploadIdMarker);
      // Key marker alone: uploads of later keys; with an upload-id marker: also the key's later uploads.
      const remaining =
        keyMarker === undefined
          ? sorted
          : sorted.filter((u, i) => compareKeys(u.key, keyMarker) > 0 || (u.key === keyMarker && markerIndex >= 0 && i > markerIndex));
      const page = listPage(remaining, (u) => u.key, { prefix: input.Prefix ?? '', delimiter: input.Delimiter, after: undefined, maxKeys: max });
      const enc = input.EncodingType;
      const uploads = page.items.flatMap((item) => (item.kind === 'key' ? [item.value] : []));
      const last = page.items[page.items.length - 1];
      return {
        Bucket: input.Bucket,
        KeyMarker: encodeKey(keyMarker ?? '', enc),
        UploadIdMarker: input.UploadIdMarker ?? '',
        ...(page.truncated && last !== undefined
          ? { NextKeyMarker: encodeKey(last.name, enc), NextUploadIdMarker: last.kind === 'key' ? last.value.uploadId : '' }
          : {}),
        Prefix: encodeKey(input.Prefix ?? '', enc),
        ...(input.Delimiter === undefined ? {} : { Delimiter: encodeKey(input.Delimiter, enc) }),
        MaxUploads: max,
        IsTruncated: page.truncated,
        Uploads: uploads.map((u) => ({
          UploadId: u.uploadId,
          Key: encodeKey(u.key, enc),
          Initiated: u.initiatedMs,
          StorageClass: u.headers.storageClass as ListPartsOutput['StorageClass'] & string,
          Owner: ownerOf(u.ownerAccount),
          Initiator: initiatorOf(u),
          ...checksumOfUpload(u),
        })),
        CommonPrefixes: page.items.flatMap((item) => (item.kind === 'prefix' ? [{ Prefix: encodeKey(item.name, enc) }] : [])),
        ...(enc === undefined ? {} : { EncodingType: enc }),
      };
    },
  });
}
