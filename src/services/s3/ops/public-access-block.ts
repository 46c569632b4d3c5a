/**
 * Put/Get/DeletePublicAccessBlock and GetBucketPolicyStatus (aws-behaviour.md §9.6). A new bucket blocks all
 * four ways; Put replaces the four settings (a missing one is false); after Delete, Get is 404
 * `NoSuchPublicAccessBlockConfiguration` and nothing is blocked (the lab models no account-level setting).
 * Actions: `s3:GetBucketPublicAccessBlock`, `s3:PutBucketPublicAccessBlock` (also for Delete),
 * `s3:GetBucketPolicyStatus`.
 */
import { bucketArn } from '../../../arn/arn.js';
import type {
  DeletePublicAccessBlockRequest,
  GetBucketPolicyStatusOutput,
  GetBucketPolicyStatusRequest,
  GetPublicAccessBlockOutput,
  GetPublicAccessBlockRequest,
  PutPublicAccessBlockRequest,
} from '../../../protocol/models/s3.js';
import type { NoMembers } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { publicAccessBlock } from '../bucket-access.js';
import { isPublicPolicy } from '../is-public-policy.js';
import type { PublicAccessBlockSettings } from '../s3-records.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

async function setBlock(deps: S3Deps, name: string, settings: PublicAccessBlockSettings | null): Promise<void> {
  await deps.state.mutate((state) => ({ writes: [{ ...requireBucket(state, name), publicAccessBlock: settings }], result: undefined }));
}

export function putPublicAccessBlock(deps: S3Deps): Operation {
  return defineOperation<PutPublicAccessBlockRequest, NoMembers>({
    name: 'PutPublicAccessBlock',
    authorization: { kind: 'policy', action: 's3:PutBucketPublicAccessBlock', resources: onBucket },
    handle: async (input) => {
      const given = input.PublicAccessBlockConfiguration;
      await setBlock(deps, input.Bucket, {
        blockPublicAcls: given.BlockPublicAcls === true,
        ignorePublicAcls: given.IgnorePublicAcls === true,
        blockPublicPolicy: given.BlockPublicPolicy === true,
        restrictPublicBuckets: given.RestrictPublicBuckets === true,
      });
      return {};
    },
  });
}

export function getPublicAccessBlock(deps: S3Deps): Operation {
  return defineOperation<GetPublicAccessBlockRequest, GetPublicAccessBlockOutput>({
    name: 'GetPublicAccessBlock',
    authorization: { kind: 'policy', action: 's3:GetBucketPublicAccessBlock', resources: onBucket },
    handle: (input) => {
      const settings = publicAccessBlock(requireBucket(deps.state, input.Bucket));
      if (settings === undefined) throw s3Errors.noSuchPublicAccessBlockConfiguration(input.Bucket);
      return {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: settings.blockPublicAcls,
          IgnorePublicAcls: settings.ignorePublicAcls,
          BlockPublicPolicy: settings.blockPublicPolicy,
          RestrictPublicBuckets: settings.restrictPublicBuckets,
        },
      };
    },
  });
}

export function deletePublicAccessBlock(deps: S3Deps): Operation {
  return defineOperation<DeletePublicAccessBlockRequest, NoMembers>({
    name: 'DeletePublicAccessBlock',
    authorization: { kind: 'policy', action: 's3:PutBucketPublicAccessBlock', resources: onBucket },
    handle: async (input) => {
      await setBlock(deps, input.Bucket, null);
      return {};
    },
  });
}

/** [U] Without a policy S3 answers as GetBucketPolicy does (the facts of §9.6 found no recorded answer). */
export function getBucketPolicyStatus(deps: S3Deps): Operation {
  return defineOperation<GetBucketPolicyStatusRequest, GetBucketPolicyStatusOutput>({
    name: 'GetBucketPolicyStatus',
    authorization: { kind: 'policy', action: 's3:GetBucketPolicyStatus', resources: onBucket },
    handle: (input) => {
      const { policy } = requireBucket(deps.state, input.Bucket);
      if (policy === null) throw s3Errors.noSuchBucketPolicy(input.Bucket);
      return { PolicyStatus: { IsPublic: isPublicPolicy(policy) } };
    },
  });
}
