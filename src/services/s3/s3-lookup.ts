/** Finding what a request names, or the S3 error for its absence. */
import type { ResourceOwner } from '../authorizer/authorizer.js';
import type { BucketRecord } from './s3-records.js';
import type { S3State } from './s3-state.js';
import { s3Errors } from './s3-errors.js';

export function requireBucket(state: S3State, bucket: string): BucketRecord {
  const record = state.bucket(bucket);
  if (record === undefined) throw s3Errors.noSuchBucket(bucket);
  return record;
}

/**
 * The bucket's owner and policy for the authorizer (bucket policies are resource policies, and bucket ARNs
 * carry no account: §5.6, §7.1), or undefined for a bucket that does not exist.
 */
export function bucketOwnerOf(state: S3State, bucket: string): ResourceOwner | undefined {
  const record = state.bucket(bucket);
  if (record === undefined) return undefined;
  return record.policy === null ? { account: record.ownerAccount } : { account: record.ownerAccount, policy: record.policy };
}
