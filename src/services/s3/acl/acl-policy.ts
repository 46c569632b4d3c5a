/**
 * ACL grants as the resource-based policy they amount to (aws-behaviour.md §9.6; S3-UG acl-overview "Mapping of
 * ACL permissions and access policy permissions"), so that the policy engine weighs them as AWS does: alongside
 * the bucket policy, never over an explicit Deny, and — like any resource-based grant to an account — an
 * account's grant still needs its users' identity policies. AllUsers is `"Principal": "*"`; AuthenticatedUsers
 * is the same limited to signed requests; LogDelivery is S3's log delivery service.
 */
import { bucketArn, objectArn } from '../../../arn/arn.js';
import type { AclGrant, AclPermission } from '../s3-records.js';

const BUCKET_ACTIONS: Readonly<Record<AclPermission, readonly string[]>> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
  FULL_CONTROL: [],
};

const OBJECT_ACTIONS: Readonly<Record<AclPermission, readonly string[]>> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTorrent'],
  WRITE: [],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  FULL_CONTROL: [],
};

const PERMISSIONS_OF_FULL_CONTROL: readonly AclPermission[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'];

function actionsOf(table: Readonly<Record<AclPermission, readonly string[]>>, permission: AclPermission): string[] {
  return permission === 'FULL_CONTROL' ? PERMISSIONS_OF_FULL_CONTROL.flatMap((p) => table[p]) : [...table[permission]];
}

type Statement = Record<string, unknown>;

function statement(grant: AclGrant, actions: readonly string[], resource: string): Statement {
  const { grantee } = grant;
  if (grantee.kind === 'account') return { Effect: 'Allow', Principal: { AWS: grantee.account }, Action: actions, Resource: resource };
  switch (grantee.group) {
    case 'AllUsers':
      return { Effect: 'Allow', Principal: '*', Action: actions, Resource: resource };
    case 'AuthenticatedUsers':
      return {
        Effect: 'Allow',
        Principal: '*',
        Action: actions,
        Resource: resource,
        Condition: { StringNotEquals: { 'aws:PrincipalType': 'Anonymous' } },
      };
    case 'LogDelivery':
      return { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: actions, Resource: resource };
  }
}

/**
 * The policy document of a bucket's grants and, for a request on one object, that object's grants; undefined
 * when they grant nothing beyond `owner` (the bucket owner's own grants change no decision: §7.1 already
 * delegates its account to identity policies).
 */
export function aclPolicyDocument(
  bucket: string,
  owner: string,
  bucketGrants: readonly AclGrant[],
  object?: { readonly key: string; readonly grants: readonly AclGrant[] },
): string | undefined {
  const relevant = (g: AclGrant): boolean => !(g.grantee.kind === 'account' && g.grantee.account === owner);
  const statements: Statement[] = [];
  for (const grant of bucketGrants.filter(relevant)) {
    const actions = actionsOf(BUCKET_ACTIONS, grant.permission);
    const onBucket = actions.filter((a) => !BUCKET_ACTIONS.WRITE.includes(a));
    const onObjects = actions.filter((a) => BUCKET_ACTIONS.WRITE.includes(a));
    if (onBucket.length > 0) statements.push(statement(grant, onBucket, bucketArn(bucket)));
    if (onObjects.length > 0) statements.push(statement(grant, onObjects, objectArn(bucket, '*')));
  }
  for (const grant of object?.grants.filter(relevant) ?? []) {
    const actions = actionsOf(OBJECT_ACTIONS, grant.permission);
    if (actions.length > 0) statements.push(statement(grant, actions, objectArn(bucket, object!.key)));
  }
  return statements.length === 0 ? undefined : JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
