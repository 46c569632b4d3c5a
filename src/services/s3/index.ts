/** The S3 operation table (aws-behaviour.md §5), built from its dependencies. */
import type { OperationTable } from '../operation.js';
import { operationTable } from '../operation.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './ops/bucket-policy.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './ops/buckets.js';
import { completeMultipartUpload } from './ops/complete-multipart.js';
import { copyObject } from './ops/copy-object.js';
import { deleteObject, deleteObjects } from './ops/delete-objects.js';
import { getObject, headObject } from './ops/get-object.js';
import { listObjects, listObjectsV2 } from './ops/list-objects.js';
import { listMultipartUploads, listParts } from './ops/multipart-lists.js';
import { abortMultipartUpload, createMultipartUpload, uploadPart } from './ops/multipart-upload.js';
import { putObject } from './ops/put-object.js';
import type { S3Deps } from './s3-deps.js';

export type { S3Deps } from './s3-deps.js';
export { S3State, compareKeys, type S3Delete, type S3Plan } from './s3-state.js';
export type { BucketRecord, ObjectRecord, PartRecord, UploadRecord, StoredHeaders, ObjectChecksums } from './s3-records.js';
export { bucketPolicyOf } from './s3-lookup.js';
export { bucketArn, objectArn } from './s3-arns.js';
export { canonicalUserId } from './s3-owner.js';
export { isValidBucketName } from './bucket-name.js';
export { multipartEtag } from './multipart-etag.js';
export { MIN_PART_BYTES, MAX_SINGLE_PUT_BYTES } from './s3-errors.js';

export function createS3Operations(deps: S3Deps): OperationTable {
  return operationTable([
    listBuckets(deps),
    createBucket(deps),
    deleteBucket(deps),
    headBucket(deps),
    getBucketLocation(deps),
    listObjectsV2(deps),
    listObjects(deps),
    putObject(deps),
    getObject(deps),
    headObject(deps),
    deleteObject(deps),
    deleteObjects(deps),
    copyObject(deps),
    putBucketPolicy(deps),
    getBucketPolicy(deps),
    deleteBucketPolicy(deps),
    createMultipartUpload(deps),
    uploadPart(deps),
    completeMultipartUpload(deps),
    abortMultipartUpload(deps),
    listMultipartUploads(deps),
    listParts(deps),
  ]);
}
