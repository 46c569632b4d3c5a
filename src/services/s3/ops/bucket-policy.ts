/**
 * Put/Get/DeleteBucketPolicy. A bucket policy is a resource policy (§5.6, §7): S3's own checks first
 * (`bucketPolicyProblem`, aws-behaviour.md §9.1), then the size limit, then the validation of a resource
 * policy; any problem is 400 `MalformedPolicy`. PutBucketPolicy answers 204 (§9.1).
 */
import { bucketArn } from '../../../arn/arn.js';
import type {
  DeleteBucketPolicyRequest,
  GetBucketPolicyOutput,
  GetBucketPolicyRequest,
  PutBucketPolicyRequest,
} from '../../../protocol/models/s3.js';
import type { NoMembers } from '../../../protocol/models/s3.js';
import { parsePolicy } from '../../../policy/validate/index.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { bucketPolicyProblem } from '../bucket-policy-check.js';
import { s3ActionKinds } from '../s3-action-kinds.js';
import { requireBucket } from '../s3-lookup.js';
import { effectiveBlock } from '../bucket-access.js';
import { isPublicPolicy } from '../is-public-policy.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

/** S3's bucket policy limit: 20 KB of the document without the whitespace JSON does not need. */
const BUCKET_POLICY_MAX_BYTES = 20_480;

/**
 * True for a document over the limit (20,480 bytes, measured against AWS in MIT-LCP/physionet-build#2094;
 * the message is MinIO's, which no recorded AWS answer confirms: [U]). Whitespace inside strings counts; a text that is not JSON is left to the
 * parser's own message.
 */
function tooLarge(text: string): boolean {
  if (Buffer.byteLength(text) <= BUCKET_POLICY_MAX_BYTES) return false;
  try {
    return Buffer.byteLength(JSON.stringify(JSON.parse(text))) > BUCKET_POLICY_MAX_BYTES;
  } catch {
    return false;
  }
}

async function setPolicy(deps: S3Deps, bucket: string, policy: string | null): Promise<void> {
  await deps.state.mutate((state) => {
    const record = requireBucket(state, bucket);
    return { writes: [{ ...record, policy }], result: undefined };
  });
}

export function putBucketPolicy(deps: S3Deps): Operation {
  return defineOperation<PutBucketPolicyRequest, NoMembers>({
    name: 'PutBucketPolicy',
    authorization: { kind: 'policy', action: 's3:PutBucketPolicy', resources: onBucket },
    handle: async (input) => {
      const bucket = requireBucket(deps.state, input.Bucket);
      // An empty body reaches here as '' (S3 answers it as a policy whose first byte is not `{`).
      const text = input.Policy ?? '';
      const problem = bucketPolicyProblem(text, input.Bucket, await s3ActionKinds());
      if (problem !== undefined) throw s3Errors.malformedPolicy(problem);
      if (tooLarge(text)) throw s3Errors.malformedPolicy('Policy exceeds the maximum allowed document size.');
      const parsed = parsePolicy(text, 'resource');
      if (parsed.kind !== 'ok') throw s3Errors.malformedPolicy(parsed.issues[0]?.message ?? 'This policy contains invalid Json');
      // BlockPublicPolicy refuses a public policy (§9.6) [O: torchbox/buckup#18, aws/aws-cdk#3102].
      if (effectiveBlock(bucket).blockPublicPolicy && isPublicPolicy(text)) throw s3Errors.accessDenied('Access Denied');
      await setPolicy(deps, input.Bucket, text);
      return {};
    },
  });
}

export function getBucketPolicy(deps: S3Deps): Operation {
  return defineOperation<GetBucketPolicyRequest, GetBucketPolicyOutput>({
    name: 'GetBucketPolicy',
    authorization: { kind: 'policy', action: 's3:GetBucketPolicy', resources: onBucket },
    handle: async (input) => {
      const policy = requireBucket(deps.state, input.Bucket).policy;
      if (policy === null) throw s3Errors.noSuchBucketPolicy(input.Bucket);
      return { Policy: policy };
    },
  });
}

export function deleteBucketPolicy(deps: S3Deps): Operation {
  return defineOperation<DeleteBucketPolicyRequest, NoMembers>({
    name: 'DeleteBucketPolicy',
    authorization: { kind: 'policy', action: 's3:DeleteBucketPolicy', resources: onBucket },
    handle: async (input) => {
      // 204 whether or not a policy was set (S3 API reference, DeleteBucketPolicy).
      await setPolicy(deps, input.Bucket, null);
      return {};
    },
  });
}
