/** A multipart upload named by bucket, key and upload id, or `NoSuchUpload`. */
import type { UploadRecord } from './s3-records.js';
import type { S3State } from './s3-state.js';
import { s3Errors } from './s3-errors.js';
import { requireBucket } from './s3-lookup.js';

export function requireUpload(state: S3State, bucket: string, key: string, uploadId: string): UploadRecord {
  requireBucket(state, bucket);
  const upload = state.upload(uploadId);
  if (upload === undefined || upload.bucket !== bucket || upload.key !== key) throw s3Errors.noSuchUpload(uploadId);
  return upload;
}
