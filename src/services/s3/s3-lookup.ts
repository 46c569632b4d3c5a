/** Finding what a request names, or the S3 error for its absence. */
import type { Principal } from '../../auth/principal.js';
import type { ResourceOwner } from '../authorizer/authorizer.js';
import { aclPolicyDocument } from './acl/acl-policy.js';
import { bucketAcl, effectiveBlock, effectiveGrants, objectAcl } from './bucket-access.js';
import { denyStatementsOnly, isPublicPolicy } from './is-public-policy.js';
import type { BucketRecord } from './s3-records.js';
import type { S3State } from './s3-state.js';
import { s3Errors } from './s3-errors.js';

export function requireBucket(state: S3State, bucket: string): BucketRecord {
  const record = state.bucket(bucket);
  if (record === undefined) throw s3Errors.noSuchBucket(bucket);
  return record;
}

/** What of the request decides which grants and which part of the policy apply (§9.6). */
interface OwnerRequest {
  /** The object the request acts on, whose ACL then applies too. */
  readonly key?: string | undefined;
  readonly principal?: Principal | undefined;
}

/**
 * The bucket's owner and policy for the authorizer (bucket policies are resource policies, and bucket ARNs
 * carry no account: §5.6, §7.1), with the ACL grants in force as a second resource policy, or undefined for a
 * bucket that does not exist. RestrictPublicBuckets leaves of a public policy only its denials to callers
 * outside the owner's account (§9.6).
 */
export function bucketOwnerOf(state: S3State, bucket: string, request: OwnerRequest = {}): ResourceOwner | undefined {
  const record = state.bucket(bucket);
  if (record === undefined) return undefined;
  const object = request.key === undefined ? undefined : state.object(bucket, request.key);
  const aclPolicy = aclPolicyDocument(
    bucket,
    record.ownerAccount,
    effectiveGrants(record, bucketAcl(record)),
    object === undefined ? undefined : { key: object.key, grants: effectiveGrants(record, objectAcl(record, object)) },
  );
  let policy = record.policy ?? undefined;
  if (
    policy !== undefined &&
    effectiveBlock(record).restrictPublicBuckets &&
    isOutsider(request.principal, record.ownerAccount) &&
    isPublicPolicy(policy)
  ) {
    policy = denyStatementsOnly(policy);
  }
  return {
    account: record.ownerAccount,
    ...(policy === undefined ? {} : { policy }),
    ...(aclPolicy === undefined ? {} : { aclPolicy }),
  };
}

function isOutsider(principal: Principal | undefined, account: string): boolean {
  return principal === undefined || principal.type === 'anonymous' || principal.account !== account;
}
