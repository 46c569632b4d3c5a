/**
 * Who owns an object a PutObject, CopyObject or CreateMultipartUpload writes, and its ACL (aws-behaviour.md
 * §9.6): the request's `x-amz-acl` or `x-amz-grant-*` are checked, then the bucket's Object Ownership and Block
 * Public Access decide whether the ACL may be set.
 */
import { canonicalIdResolver } from './acl/canonical-id-resolver.js';
import type { AclInput } from './acl/requested-acl.js';
import { requestedAcl } from './acl/requested-acl.js';
import { checkAclWrite, grantsOf, objectOwnerFor } from './bucket-access.js';
import type { AclGrant } from './s3-records.js';
import type { S3Deps } from './s3-deps.js';
import { requireBucket } from './s3-lookup.js';

interface ObjectWriteAccess {
  readonly ownerAccount: string;
  readonly acl?: readonly AclGrant[];
}

export function objectWriteAccess(deps: S3Deps, bucketName: string, input: AclInput, writer: string): ObjectWriteAccess {
  const bucket = requireBucket(deps.state, bucketName);
  const requested = requestedAcl(input, 'object', canonicalIdResolver(deps, writer, bucket.ownerAccount), false);
  const ownerAccount = objectOwnerFor(bucket, requested, writer);
  const grants = grantsOf(requested, ownerAccount, bucket.ownerAccount);
  checkAclWrite(bucket, requested, grants, 'upload');
  return requested.kind === 'none' ? { ownerAccount } : { ownerAccount, acl: grants };
}
