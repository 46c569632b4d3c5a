/** The S3 operation table (aws-behaviour.md §5), built from its dependencies. */
import type { Operation, OperationTable } from '../operation.js';
import { operationTable } from '../operation.js';
import { bucketOwnerOf } from './s3-lookup.js';
import type { S3State } from './s3-state.js';
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from './ops/acl.js';
import { bucketConfigurationOperations } from './ops/bucket-configurations.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './ops/bucket-policy.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './ops/buckets.js';
import { completeMultipartUpload } from './ops/complete-multipart.js';
import { copyObject } from './ops/copy-object.js';
import { deleteObject, deleteObjects } from './ops/delete-objects.js';
import { getObject, headObject } from './ops/get-object.js';
import { listObjects, listObjectsV2 } from './ops/list-objects.js';
import { listMultipartUploads, listParts } from './ops/multipart-lists.js';
import { abortMultipartUpload, createMultipartUpload, uploadPart } from './ops/multipart-upload.js';
import { deleteBucketOwnershipControls, getBucketOwnershipControls, putBucketOwnershipControls } from './ops/ownership-controls.js';
import { deletePublicAccessBlock, getBucketPolicyStatus, getPublicAccessBlock, putPublicAccessBlock } from './ops/public-access-block.js';
import { putObject } from './ops/put-object.js';
import { deleteBucketTagging, getBucketTagging, putBucketTagging } from './ops/bucket-tagging.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './ops/object-tagging.js';
import { getBucketVersioning, putBucketVersioning } from './ops/bucket-versioning.js';
import { listObjectVersions } from './ops/list-object-versions.js';
import type { S3Deps } from './s3-deps.js';

export { S3State } from './s3-state.js';

export { bucketOwnerOf } from './s3-lookup.js';
export { canonicalUserId } from './s3-owner.js';

export { multipartEtag } from './multipart-etag.js';
export { MIN_PART_BYTES } from './s3-errors.js';

/**
 * Every operation on an existing bucket is decided with the bucket's owner and policy (§5.6, §7.1): the
 * policy may allow what identity policies do not, and anonymous callers only through it.
 */
function withBucketOwner(state: S3State, operation: Operation): Operation {
  const { authorization } = operation;
  if (authorization.kind !== 'policy' || operation.name === 'CreateBucket' || operation.name === 'ListBuckets') return operation;
  return {
    ...operation,
    authorization: {
      ...authorization,
      owner: (input, ctx) =>
        typeof input['Bucket'] === 'string'
          ? bucketOwnerOf(state, input['Bucket'], { key: typeof input['Key'] === 'string' ? input['Key'] : undefined, principal: ctx.principal })
          : undefined,
    },
  };
}

export function createS3Operations(deps: S3Deps): OperationTable {
  const operations: Operation[] = [
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
    // ACLs, Object Ownership, Block Public Access (aws-behaviour.md §9.6).
    getBucketAcl(deps),
    putBucketAcl(deps),
    getObjectAcl(deps),
    putObjectAcl(deps),
    getBucketOwnershipControls(deps),
    putBucketOwnershipControls(deps),
    deleteBucketOwnershipControls(deps),
    getPublicAccessBlock(deps),
    putPublicAccessBlock(deps),
    deletePublicAccessBlock(deps),
    getBucketPolicyStatus(deps),
    createMultipartUpload(deps),
    uploadPart(deps),
    completeMultipartUpload(deps),
    abortMultipartUpload(deps),
    listMultipartUploads(deps),
    listParts(deps),
    ...bucketConfigurationOperations(deps),
    putObjectTagging(deps),
    getObjectTagging(deps),
    deleteObjectTagging(deps),
    putBucketTagging(deps),
    getBucketTagging(deps),
    deleteBucketTagging(deps),
    putBucketVersioning(deps),
    getBucketVersioning(deps),
    listObjectVersions(deps),
  ];
  return operationTable(operations.map((operation) => withBucketOwner(deps.state, operation)));
}
