/**
 * Put/Get/DeleteBucketTagging (aws-behaviour.md §9.4): Put answers 204 and replaces the set (an empty one
 * leaves the bucket without tags [U]), Get of a bucket without tags is 404 `NoSuchTagSet`, Delete answers 204
 * whether or not there were tags. Delete is authorized as `s3:PutBucketTagging` [D: Service Authorization
 * Reference for S3].
 */
import { bucketArn } from '../../../arn/arn.js';
import type {
  DeleteBucketTaggingRequest,
  GetBucketTaggingOutput,
  GetBucketTaggingRequest,
  NoMembers,
  PutBucketTaggingRequest,
} from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import type { StoredTag } from '../s3-records.js';
import { tagSetFromXml, tagSetOut } from '../tag-set.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

async function setBucketTags(deps: S3Deps, bucket: string, tags: readonly StoredTag[]): Promise<void> {
  await deps.state.mutate((state) => {
    const { tags: _old, ...record } = requireBucket(state, bucket);
    return { writes: [tags.length === 0 ? record : { ...record, tags }], result: undefined };
  });
}

export function putBucketTagging(deps: S3Deps): Operation {
  return defineOperation<PutBucketTaggingRequest, NoMembers>({
    name: 'PutBucketTagging',
    authorization: { kind: 'policy', action: 's3:PutBucketTagging', resources: onBucket },
    handle: async (input) => {
      requireBucket(deps.state, input.Bucket);
      await setBucketTags(deps, input.Bucket, tagSetFromXml(input.Tagging?.TagSet, 'bucket'));
      return {};
    },
  });
}

export function getBucketTagging(deps: S3Deps): Operation {
  return defineOperation<GetBucketTaggingRequest, GetBucketTaggingOutput>({
    name: 'GetBucketTagging',
    authorization: { kind: 'policy', action: 's3:GetBucketTagging', resources: onBucket },
    handle: (input) => {
      const { tags } = requireBucket(deps.state, input.Bucket);
      if (tags === undefined || tags.length === 0) throw s3Errors.noSuchTagSet(input.Bucket);
      return { TagSet: tagSetOut(tags) };
    },
  });
}

export function deleteBucketTagging(deps: S3Deps): Operation {
  return defineOperation<DeleteBucketTaggingRequest, NoMembers>({
    name: 'DeleteBucketTagging',
    authorization: { kind: 'policy', action: 's3:PutBucketTagging', resources: onBucket },
    handle: async (input) => {
      requireBucket(deps.state, input.Bucket);
      await setBucketTags(deps, input.Bucket, []);
      return {};
    },
  });
}
