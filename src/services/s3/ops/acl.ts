/**
 * GetBucketAcl, PutBucketAcl, GetObjectAcl and PutObjectAcl (aws-behaviour.md §9.6). A Put takes a canned
 * `x-amz-acl`, `x-amz-grant-*` headers or an AccessControlPolicy body, checked as AWS checks them, then the
 * bucket's Object Ownership (ACLs disabled: 400 AccessControlListNotSupported) and Block Public Access
 * (BlockPublicAcls: 403 AccessDenied). A Get shows the owner's FULL_CONTROL alone while ACLs are disabled.
 * Actions per the Service Authorization Reference: `s3:GetBucketAcl`, `s3:PutBucketAcl`, `s3:GetObjectAcl`,
 * `s3:PutObjectAcl`, and `s3:GetObjectVersionAcl`/`s3:PutObjectVersionAcl` with a `versionId`.
 */
import { bucketArn, objectArn } from '../../../arn/arn.js';
import type {
  GetBucketAclOutput,
  GetBucketAclRequest,
  GetObjectAclOutput,
  GetObjectAclRequest,
  PutBucketAclRequest,
  PutObjectAclOutput,
  PutObjectAclRequest,
} from '../../../protocol/models/s3.js';
import type { NoMembers } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { aclOutput } from '../acl/acl-output.js';
import { canonicalIdResolver } from '../acl/canonical-id-resolver.js';
import { requestedAcl } from '../acl/requested-acl.js';
import { aclsDisabled, bucketAcl, checkAclWrite, grantsOf, objectAcl } from '../bucket-access.js';
import type { S3Deps } from '../s3-deps.js';
import { requireBucket } from '../s3-lookup.js';
import { requireObjectVersion } from '../version-lookup.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];
/** The object action, or its `…Version…` form as an extra check when a version is named (as GetObject does, §9.3). */
const objectAuthorization = (action: string, versionAction: string) =>
  ({
    kind: 'policy',
    action,
    resources: (input: { Bucket: string; Key: string; VersionId?: string }) =>
      input.VersionId === undefined ? [objectArn(input.Bucket, input.Key)] : [],
    also: (input: { Bucket: string; Key: string; VersionId?: string }) =>
      input.VersionId === undefined ? [] : [{ action: versionAction, resource: objectArn(input.Bucket, input.Key) }],
  }) as const;

export function getBucketAcl(deps: S3Deps): Operation {
  return defineOperation<GetBucketAclRequest, GetBucketAclOutput>({
    name: 'GetBucketAcl',
    authorization: { kind: 'policy', action: 's3:GetBucketAcl', resources: onBucket },
    handle: (input) => {
      const bucket = requireBucket(deps.state, input.Bucket);
      return aclOutput(bucket.ownerAccount, bucketAcl(bucket));
    },
  });
}

export function putBucketAcl(deps: S3Deps): Operation {
  return defineOperation<PutBucketAclRequest, NoMembers>({
    name: 'PutBucketAcl',
    authorization: { kind: 'policy', action: 's3:PutBucketAcl', resources: onBucket },
    handle: async (input, ctx) => {
      const found = requireBucket(deps.state, input.Bucket);
      const requested = requestedAcl(input, 'bucket', canonicalIdResolver(deps, ctx.account, found.ownerAccount), true);
      await deps.state.mutate((state) => {
        const bucket = requireBucket(state, input.Bucket);
        const grants = grantsOf(requested, bucket.ownerAccount, bucket.ownerAccount);
        // [O] hashicorp/terraform-provider-aws#34079: even `private` is refused while ACLs are disabled.
        checkAclWrite(bucket, requested, grants, 'acl');
        return aclsDisabled(bucket) ? { result: undefined } : { writes: [{ ...bucket, acl: grants }], result: undefined };
      });
      return {};
    },
  });
}

export function getObjectAcl(deps: S3Deps): Operation {
  return defineOperation<GetObjectAclRequest, GetObjectAclOutput>({
    name: 'GetObjectAcl',
    authorization: objectAuthorization('s3:GetObjectAcl', 's3:GetObjectVersionAcl'),
    handle: (input) => {
      // The version named (or the latest); a delete marker is 405 as for the tagging operations (§9.5).
      const object = requireObjectVersion(deps.state, input, 'GET', { markerLatest: 'not-allowed' });
      const bucket = requireBucket(deps.state, input.Bucket);
      return aclOutput(aclsDisabled(bucket) ? bucket.ownerAccount : object.ownerAccount, objectAcl(bucket, object));
    },
  });
}

export function putObjectAcl(deps: S3Deps): Operation {
  return defineOperation<PutObjectAclRequest, PutObjectAclOutput>({
    name: 'PutObjectAcl',
    authorization: objectAuthorization('s3:PutObjectAcl', 's3:PutObjectVersionAcl'),
    handle: async (input, ctx) => {
      const found = requireBucket(deps.state, input.Bucket);
      requireObjectVersion(deps.state, input, 'PUT', { markerLatest: 'not-allowed' });
      const requested = requestedAcl(input, 'object', canonicalIdResolver(deps, ctx.account, found.ownerAccount), true);
      await deps.state.mutate((state) => {
        const object = requireObjectVersion(state, input, 'PUT', { markerLatest: 'not-allowed' });
        const bucket = requireBucket(state, input.Bucket);
        const grants = grantsOf(requested, object.ownerAccount, bucket.ownerAccount);
        checkAclWrite(bucket, requested, grants, 'acl');
        return aclsDisabled(bucket) ? { result: undefined } : { writes: [{ ...object, acl: grants }], result: undefined };
      });
      return {};
    },
  });
}
