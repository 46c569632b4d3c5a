/**
 * A bucket's Object Ownership, Block Public Access and ACLs as they take effect (aws-behaviour.md §9.6):
 * what a record that never set them means (a new bucket's defaults since April 2023), what one whose
 * configuration was deleted means, and what GetBucketAcl/GetObjectAcl show.
 */
import { cannedGrants } from './acl/canned-acl.js';
import { grantsOnlyTo, isPublicGrant, ownerOnly } from './acl/acl-grants.js';
import type { RequestedAcl } from './acl/requested-acl.js';
import type { AclGrant, BucketRecord, ObjectOwnershipSetting, PublicAccessBlockSettings } from './s3-records.js';
import { s3Errors } from './s3-errors.js';

export const OBJECT_OWNERSHIPS: readonly ObjectOwnershipSetting[] = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];

/** New buckets block all public access (S3-UG access-control-block-public-access; recorded default). */
const BLOCK_ALL: PublicAccessBlockSettings = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const BLOCK_NOTHING: PublicAccessBlockSettings = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** The configured rule, or undefined after DeleteBucketOwnershipControls. */
export function ownershipControls(bucket: BucketRecord): ObjectOwnershipSetting | undefined {
  return bucket.ownership === undefined ? 'BucketOwnerEnforced' : (bucket.ownership ?? undefined);
}

/** Without ownership controls a bucket behaves as ObjectWriter (S3-UG about-object-ownership). */
function objectOwnership(bucket: BucketRecord): ObjectOwnershipSetting {
  return ownershipControls(bucket) ?? 'ObjectWriter';
}

export function aclsDisabled(bucket: BucketRecord): boolean {
  return objectOwnership(bucket) === 'BucketOwnerEnforced';
}

/** The configured Block Public Access settings, or undefined after DeletePublicAccessBlock. */
export function publicAccessBlock(bucket: BucketRecord): PublicAccessBlockSettings | undefined {
  return bucket.publicAccessBlock === undefined ? BLOCK_ALL : (bucket.publicAccessBlock ?? undefined);
}

/** The settings in force (the lab models the bucket level only, not the account's). */
export function effectiveBlock(bucket: BucketRecord): PublicAccessBlockSettings {
  return publicAccessBlock(bucket) ?? BLOCK_NOTHING;
}

/** The bucket ACL as S3 shows and applies it: the owner's FULL_CONTROL alone while ACLs are disabled. */
export function bucketAcl(bucket: BucketRecord): readonly AclGrant[] {
  if (aclsDisabled(bucket)) return ownerOnly(bucket.ownerAccount);
  return bucket.acl ?? ownerOnly(bucket.ownerAccount);
}

/** An object's ACL as S3 shows and applies it (the bucket owner owns every object while ACLs are disabled). */
export function objectAcl(bucket: BucketRecord, object: { readonly ownerAccount: string; readonly acl?: readonly AclGrant[] }): readonly AclGrant[] {
  if (aclsDisabled(bucket)) return ownerOnly(bucket.ownerAccount);
  return object.acl ?? ownerOnly(object.ownerAccount);
}

/** The grants authorization may use: none while ACLs are disabled, the public ones dropped under IgnorePublicAcls. */
export function effectiveGrants(bucket: BucketRecord, grants: readonly AclGrant[]): readonly AclGrant[] {
  if (aclsDisabled(bucket)) return [];
  return effectiveBlock(bucket).ignorePublicAcls ? grants.filter((g) => !isPublicGrant(g)) : grants;
}

/** The grants a requested ACL stands for, for a resource owned by `owner` (an absent ACL: the owner's). */
export function grantsOf(requested: RequestedAcl, owner: string, bucketOwner: string): AclGrant[] {
  switch (requested.kind) {
    case 'none':
      return ownerOnly(owner);
    case 'canned':
      return cannedGrants(requested.canned, owner, bucketOwner);
    case 'grants':
      return [...requested.grants];
  }
}

/**
 * Who owns an object a request writes (S3-UG about-object-ownership): the bucket owner under
 * BucketOwnerEnforced, and under BucketOwnerPreferred when the writer grants it `bucket-owner-full-control`;
 * otherwise the writer.
 */
export function objectOwnerFor(bucket: BucketRecord, requested: RequestedAcl, writer: string): string {
  switch (objectOwnership(bucket)) {
    case 'BucketOwnerEnforced':
      return bucket.ownerAccount;
    case 'BucketOwnerPreferred':
      return requested.kind === 'canned' && requested.canned === 'bucket-owner-full-control' ? bucket.ownerAccount : writer;
    case 'ObjectWriter':
      return writer;
  }
}

/**
 * The ACL checks of a request that sets an ACL on an object or bucket (§9.6), in AWS's order: ACLs disabled by
 * BucketOwnerEnforced → 400 AccessControlListNotSupported, unless the ACL is `bucket-owner-full-control` or gives
 * only the bucket owner anything; a public ACL under BlockPublicAcls → 403 AccessDenied.
 */
export function checkAclWrite(bucket: BucketRecord, requested: RequestedAcl, grants: readonly AclGrant[], on: 'upload' | 'acl'): void {
  if (requested.kind === 'none') return;
  if (aclsDisabled(bucket)) {
    // An upload's ACL passes when it comes to the bucket owner's full control alone: bucket-owner-full-control, or
    // `private` written by the bucket owner's own account, which tools such as rclone send on every upload and
    // which works on AWS's new buckets [O: rclone against buckets with ACLs disabled; D: S3-UG about-object-ownership
    // "bucket-owner-full-control canned ACL or an equivalent"]. A PutBucketAcl/PutObjectAcl must name that canned ACL
    // or grants to the owner alone (§9.6).
    const ownerOnlyAcl =
      requested.kind === 'canned' && on === 'acl' ? requested.canned === 'bucket-owner-full-control' : grantsOnlyTo(grants, bucket.ownerAccount);
    if (!ownerOnlyAcl) throw s3Errors.accessControlListNotSupported();
    return;
  }
  if (effectiveBlock(bucket).blockPublicAcls && grants.some(isPublicGrant)) throw s3Errors.accessDenied('Access Denied');
}
