/** Bucket operations (aws-behaviour.md §5.2, §5.6). Bucket names are global across the lab's accounts. */
import { bucketArn } from '../../../arn/arn.js';
import type {
  CreateBucketOutput,
  CreateBucketRequest,
  DeleteBucketRequest,
  GetBucketLocationOutput,
  GetBucketLocationRequest,
  HeadBucketOutput,
  HeadBucketRequest,
  ListBucketsOutput,
  ListBucketsRequest,
} from '../../../protocol/models/s3.js';
import type { NoMembers } from '../../../protocol/models/s3.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { grantsOnlyTo, isPublicGrant } from '../acl/acl-grants.js';
import { canonicalIdResolver } from '../acl/canonical-id-resolver.js';
import { requestedAcl } from '../acl/requested-acl.js';
import { grantsOf, OBJECT_OWNERSHIPS } from '../bucket-access.js';
import { isValidBucketName } from '../bucket-name.js';
import type { BucketRecord } from '../s3-records.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import { ownerOf } from '../s3-owner.js';
import { compareKeys } from '../s3-state.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

/** Continuation tokens are opaque to clients: the last name of the page, base64. */
const encodeToken = (name: string): string => Buffer.from(name, 'utf8').toString('base64');
const decodeToken = (token: string): string => Buffer.from(token, 'base64').toString('utf8');

export function listBuckets(deps: S3Deps): Operation {
  return defineOperation<ListBucketsRequest, ListBucketsOutput>({
    name: 'ListBuckets',
    authorization: { kind: 'policy', action: 's3:ListAllMyBuckets', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const max = input.MaxBuckets ?? 10000;
      if (!Number.isInteger(max) || max < 1 || max > 10000) {
        throw s3Errors.invalidArgument('Argument max-buckets must be an integer between 1 and 10000.', 'max-buckets', String(input.MaxBuckets));
      }
      const after = input.ContinuationToken === undefined ? undefined : decodeToken(input.ContinuationToken);
      const matching = deps.state
        .bucketsOf(ctx.account)
        .filter((b) => b.name.startsWith(input.Prefix ?? ''))
        .filter((b) => input.BucketRegion === undefined || b.region === input.BucketRegion)
        .filter((b) => after === undefined || compareKeys(b.name, after) > 0);
      const page = matching.slice(0, max);
      const last = page[page.length - 1];
      return {
        Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.createdMs, BucketRegion: b.region })),
        Owner: ownerOf(ctx.account),
        ...(matching.length > max && last !== undefined ? { ContinuationToken: encodeToken(last.name) } : {}),
        ...(input.Prefix === undefined ? {} : { Prefix: input.Prefix }),
      };
    },
  });
}

/**
 * The region a new bucket goes to (§5.2): outside us-east-1 the LocationConstraint must name the endpoint's
 * region; `us-east-1` itself is never a valid constraint; the us-east-1 (global) endpoint accepts any other.
 */
function bucketRegion(constraint: string | undefined, ctx: ServiceContext): string {
  if (constraint === 'us-east-1') throw s3Errors.invalidLocationConstraint(constraint);
  const wanted = constraint === 'EU' ? 'eu-west-1' : constraint;
  if (ctx.region === 'us-east-1') return wanted ?? 'us-east-1';
  if (wanted !== ctx.region) throw s3Errors.illegalLocationConstraint(constraint);
  return ctx.region;
}

/**
 * The Object Ownership and ACL a CreateBucket asks for (aws-behaviour.md §9.6): an unknown
 * `x-amz-object-ownership` is InvalidArgument; an ACL granting anyone but the owner anything is refused with
 * InvalidBucketAclWithObjectOwnership under BucketOwnerEnforced (the default), and a public one with
 * InvalidBucketAclWithBlockPublicAccessError otherwise, as a new bucket blocks public access.
 */
function newBucketAccess(deps: S3Deps, input: CreateBucketRequest, account: string): Pick<BucketRecord, 'ownership' | 'acl'> {
  const ownership = input.ObjectOwnership;
  if (ownership !== undefined && !OBJECT_OWNERSHIPS.includes(ownership)) throw s3Errors.invalidObjectOwnershipHeader(ownership);
  const requested = requestedAcl(input, 'bucket', canonicalIdResolver(deps, account), false);
  const grants = grantsOf(requested, account, account);
  if ((ownership ?? 'BucketOwnerEnforced') === 'BucketOwnerEnforced') {
    if (!grantsOnlyTo(grants, account)) throw s3Errors.invalidBucketAclWithObjectOwnership();
  } else if (grants.some(isPublicGrant)) {
    throw s3Errors.invalidBucketAclWithBlockPublicAccess();
  }
  return { ...(ownership === undefined ? {} : { ownership }), ...(requested.kind === 'none' ? {} : { acl: grants }) };
}

export function createBucket(deps: S3Deps): Operation {
  return defineOperation<CreateBucketRequest, CreateBucketOutput>({
    name: 'CreateBucket',
    authorization: { kind: 'policy', action: 's3:CreateBucket', resources: onBucket },
    handle: async (input, ctx) => {
      const name = input.Bucket;
      if (!isValidBucketName(name)) throw s3Errors.invalidBucketName(name);
      const region = bucketRegion(input.CreateBucketConfiguration?.LocationConstraint, ctx);
      const location = region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/`;
      const access = newBucketAccess(deps, input, ctx.account);
      return deps.state.mutate((state) => {
        const existing = state.bucket(name);
        if (existing !== undefined) {
          if (existing.ownerAccount !== ctx.account) throw s3Errors.bucketAlreadyExists(name);
          // The legacy us-east-1 exception: re-creating your own bucket there succeeds (§5.2).
          if (existing.region === 'us-east-1' && region === 'us-east-1') return { result: { Location: location } };
          throw s3Errors.bucketAlreadyOwnedByYou(name);
        }
        return {
          writes: [{ kind: 'bucket', name, ownerAccount: ctx.account, region, createdMs: ctx.nowMs, policy: null, ...access }],
          result: { Location: location },
        };
      });
    },
  });
}

export function deleteBucket(deps: S3Deps): Operation {
  return defineOperation<DeleteBucketRequest, NoMembers>({
    name: 'DeleteBucket',
    authorization: { kind: 'policy', action: 's3:DeleteBucket', resources: onBucket },
    handle: async (input) => {
      const partBlobs = await deps.state.mutate((state) => {
        const bucket = requireBucket(state, input.Bucket);
        // Versions and delete markers count too; S3 says so in the text of a bucket ever versioned (§9.5).
        if (state.objectCount(input.Bucket) > 0) throw s3Errors.bucketNotEmpty(input.Bucket, bucket.versioning !== undefined);
        // Unfinished multipart uploads do not keep a bucket alive; their parts go with it.
        const uploads = state.uploads(input.Bucket);
        return {
          deletes: [{ kind: 'bucket', name: input.Bucket }, ...uploads.map((u) => ({ kind: 'upload' as const, uploadId: u.uploadId }))],
          result: uploads.flatMap((u) => Object.values(u.parts).map((p) => p.blobKey)),
        };
      });
      for (const key of partBlobs) await deps.blobs.delete(key);
      return {};
    },
  });
}

export function headBucket(deps: S3Deps): Operation {
  return defineOperation<HeadBucketRequest, HeadBucketOutput>({
    name: 'HeadBucket',
    authorization: { kind: 'policy', action: 's3:ListBucket', resources: onBucket },
    handle: async (input) => {
      const bucket = requireBucket(deps.state, input.Bucket);
      return { BucketRegion: bucket.region, AccessPointAlias: false };
    },
  });
}

export function getBucketLocation(deps: S3Deps): Operation {
  return defineOperation<GetBucketLocationRequest, GetBucketLocationOutput>({
    name: 'GetBucketLocation',
    authorization: { kind: 'policy', action: 's3:GetBucketLocation', resources: onBucket },
    handle: async (input) => {
      const bucket = requireBucket(deps.state, input.Bucket);
      // us-east-1 answers an empty LocationConstraint (S3 API reference, GetBucketLocation).
      return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region as GetBucketLocationOutput['LocationConstraint'] & string };
    },
  });
}
