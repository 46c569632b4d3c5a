/**
 * Canned ACLs and the grants each stands for (aws-behaviour.md §9.6; S3-UG acl-overview "Canned ACL"). Besides
 * the grants listed, the owner always has FULL_CONTROL.
 */
import type { AclGrant } from '../s3-records.js';
import { ownerOnly } from './acl-grants.js';

export const BUCKET_CANNED_ACLS: ReadonlySet<string> = new Set([
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'log-delivery-write',
]);

export const OBJECT_CANNED_ACLS: ReadonlySet<string> = new Set([
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
]);

/**
 * The grants of a canned ACL for a resource owned by `owner` in a bucket owned by `bucketOwner`. [U]
 * `aws-exec-read` also grants EC2 READ; the lab has no canonical id for EC2, so it keeps the owner's grant only.
 */
export function cannedGrants(canned: string, owner: string, bucketOwner: string): AclGrant[] {
  const grants = ownerOnly(owner);
  const toBucketOwner = (permission: 'READ' | 'FULL_CONTROL'): AclGrant[] =>
    bucketOwner === owner ? [] : [{ grantee: { kind: 'account', account: bucketOwner }, permission }];
  switch (canned) {
    case 'public-read':
      return [...grants, { grantee: { kind: 'group', group: 'AllUsers' }, permission: 'READ' }];
    case 'public-read-write':
      return [
        ...grants,
        { grantee: { kind: 'group', group: 'AllUsers' }, permission: 'READ' },
        { grantee: { kind: 'group', group: 'AllUsers' }, permission: 'WRITE' },
      ];
    case 'authenticated-read':
      return [...grants, { grantee: { kind: 'group', group: 'AuthenticatedUsers' }, permission: 'READ' }];
    case 'bucket-owner-read':
      return [...grants, ...toBucketOwner('READ')];
    case 'bucket-owner-full-control':
      return [...grants, ...toBucketOwner('FULL_CONTROL')];
    case 'log-delivery-write':
      return [
        ...grants,
        { grantee: { kind: 'group', group: 'LogDelivery' }, permission: 'WRITE' },
        { grantee: { kind: 'group', group: 'LogDelivery' }, permission: 'READ_ACP' },
      ];
    default:
      return grants;
  }
}
