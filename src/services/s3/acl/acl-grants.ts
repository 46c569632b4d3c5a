/**
 * ACL grants as S3 names them (aws-behaviour.md §9.6): grantees are accounts (by canonical user id on the
 * wire) or one of S3's predefined groups, named by URI.
 */
import type { AclGrant, AclGroup, AclPermission } from '../s3-records.js';

export const GROUP_URIS: Readonly<Record<AclGroup, string>> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
};

const ACL_PERMISSIONS: readonly AclPermission[] = ['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'];

export function isAclPermission(value: unknown): value is AclPermission {
  return typeof value === 'string' && (ACL_PERMISSIONS as readonly string[]).includes(value);
}

export function groupOfUri(uri: string): AclGroup | undefined {
  return (Object.keys(GROUP_URIS) as AclGroup[]).find((group) => GROUP_URIS[group] === uri);
}

/** The ACL every bucket and object has unless told otherwise: its owner's FULL_CONTROL. */
export function ownerOnly(account: string): AclGrant[] {
  return [{ grantee: { kind: 'account', account }, permission: 'FULL_CONTROL' }];
}

/** S3-UG access-control-block-public-access: a grant to AllUsers or AuthenticatedUsers makes an ACL public. */
export function isPublicGrant(grant: AclGrant): boolean {
  return grant.grantee.kind === 'group' && (grant.grantee.group === 'AllUsers' || grant.grantee.group === 'AuthenticatedUsers');
}

/** Whether every grant goes to `account` (an ACL that gives nothing to anyone else). */
export function grantsOnlyTo(grants: readonly AclGrant[], account: string): boolean {
  return grants.every((g) => g.grantee.kind === 'account' && g.grantee.account === account);
}
