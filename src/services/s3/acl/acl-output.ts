/**
 * An ACL as GetBucketAcl and GetObjectAcl answer it (aws-behaviour.md §9.6): the owner and each grantee by
 * canonical user id, groups by URI, and no DisplayName (AWS stopped sending it in 2025; recorded in Feb 2026).
 */
import type { GetBucketAclOutput } from '../../../protocol/models/s3.js';
import type { AclGrant } from '../s3-records.js';
import { canonicalUserId } from '../s3-owner.js';
import { GROUP_URIS } from './acl-grants.js';

export function aclOutput(ownerAccount: string, grants: readonly AclGrant[]): GetBucketAclOutput {
  return {
    Owner: { ID: canonicalUserId(ownerAccount) },
    Grants: grants.map((grant) => ({
      Grantee:
        grant.grantee.kind === 'account'
          ? { Type: 'CanonicalUser', ID: canonicalUserId(grant.grantee.account) }
          : { Type: 'Group', URI: GROUP_URIS[grant.grantee.group] },
      Permission: grant.permission,
    })),
  };
}
