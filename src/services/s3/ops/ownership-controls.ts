/**
 * Put/Get/DeleteBucketOwnershipControls (aws-behaviour.md §9.6): one rule, `BucketOwnerEnforced` on a new
 * bucket; after Delete, Get is 404 `OwnershipControlsNotFoundError` and the bucket behaves as `ObjectWriter`.
 * Enforcing the bucket owner while the bucket ACL grants anyone else anything is 400
 * `InvalidBucketAclWithObjectOwnership`. Delete answers 204 whether or not a rule was set. Actions:
 * `s3:GetBucketOwnershipControls`, and `s3:PutBucketOwnershipControls` for Put and Delete.
 */
import { bucketArn } from '../../../arn/arn.js';
import type {
  DeleteBucketOwnershipControlsRequest,
  GetBucketOwnershipControlsOutput,
  GetBucketOwnershipControlsRequest,
  PutBucketOwnershipControlsRequest,
} from '../../../protocol/models/s3.js';
import type { NoMembers } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { grantsOnlyTo } from '../acl/acl-grants.js';
import { OBJECT_OWNERSHIPS, ownershipControls } from '../bucket-access.js';
import type { ObjectOwnershipSetting } from '../s3-records.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

async function setOwnership(deps: S3Deps, name: string, ownership: ObjectOwnershipSetting | null): Promise<void> {
  await deps.state.mutate((state) => {
    const bucket = requireBucket(state, name);
    if (ownership === 'BucketOwnerEnforced' && !grantsOnlyTo(bucket.acl ?? [], bucket.ownerAccount)) {
      throw s3Errors.invalidBucketAclWithObjectOwnership();
    }
    return { writes: [{ ...bucket, ownership }], result: undefined };
  });
}

export function putBucketOwnershipControls(deps: S3Deps): Operation {
  return defineOperation<PutBucketOwnershipControlsRequest, NoMembers>({
    name: 'PutBucketOwnershipControls',
    authorization: { kind: 'policy', action: 's3:PutBucketOwnershipControls', resources: onBucket },
    handle: async (input) => {
      requireBucket(deps.state, input.Bucket);
      // Recorded (test_bucket_ownership_controls_exc): no rule, two rules or an unknown value is MalformedXML.
      const rules = input.OwnershipControls.Rules;
      const value = rules.length === 1 ? rules[0]?.ObjectOwnership : undefined;
      if (value === undefined || !OBJECT_OWNERSHIPS.includes(value)) throw s3Errors.malformedXml();
      await setOwnership(deps, input.Bucket, value);
      return {};
    },
  });
}

export function getBucketOwnershipControls(deps: S3Deps): Operation {
  return defineOperation<GetBucketOwnershipControlsRequest, GetBucketOwnershipControlsOutput>({
    name: 'GetBucketOwnershipControls',
    authorization: { kind: 'policy', action: 's3:GetBucketOwnershipControls', resources: onBucket },
    handle: (input) => {
      const ownership = ownershipControls(requireBucket(deps.state, input.Bucket));
      if (ownership === undefined) throw s3Errors.ownershipControlsNotFound(input.Bucket);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } };
    },
  });
}

export function deleteBucketOwnershipControls(deps: S3Deps): Operation {
  return defineOperation<DeleteBucketOwnershipControlsRequest, NoMembers>({
    name: 'DeleteBucketOwnershipControls',
    authorization: { kind: 'policy', action: 's3:PutBucketOwnershipControls', resources: onBucket },
    handle: async (input) => {
      await setOwnership(deps, input.Bucket, null);
      return {};
    },
  });
}
