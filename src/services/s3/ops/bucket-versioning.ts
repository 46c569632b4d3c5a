/**
 * Put/GetBucketVersioning (aws-behaviour.md §9.5): `Enabled` or `Suspended`; a bucket never versioned answers
 * a configuration without Status, and once versioned it can only be suspended, never unversioned again.
 */
import { bucketArn } from '../../../arn/arn.js';
import type { GetBucketVersioningOutput, GetBucketVersioningRequest, NoMembers, PutBucketVersioningRequest } from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

/** The status a configuration sets: anything but `Enabled`/`Suspended` is `MalformedXML`, none at all illegal [R: test_bucket_versioning_crud]. */
function statusOf(input: PutBucketVersioningRequest): 'Enabled' | 'Suspended' {
  const { Status: status, MFADelete: mfaDelete } = input.VersioningConfiguration ?? {};
  if (mfaDelete !== undefined && mfaDelete !== 'Enabled' && mfaDelete !== 'Disabled') throw s3Errors.malformedXml();
  // [U] MFA delete needs the root's MFA device on every versioned delete; the lab does not model it.
  if (mfaDelete === 'Enabled') throw s3Errors.notImplemented();
  if (status === undefined) throw s3Errors.illegalVersioningConfiguration();
  if (status !== 'Enabled' && status !== 'Suspended') throw s3Errors.malformedXml();
  return status;
}

export function putBucketVersioning(deps: S3Deps): Operation {
  return defineOperation<PutBucketVersioningRequest, NoMembers>({
    name: 'PutBucketVersioning',
    authorization: { kind: 'policy', action: 's3:PutBucketVersioning', resources: onBucket },
    handle: async (input) => {
      requireBucket(deps.state, input.Bucket);
      const versioning = statusOf(input);
      await deps.state.mutate((state) => ({ writes: [{ ...requireBucket(state, input.Bucket), versioning }], result: undefined }));
      return {};
    },
  });
}

export function getBucketVersioning(deps: S3Deps): Operation {
  return defineOperation<GetBucketVersioningRequest, GetBucketVersioningOutput>({
    name: 'GetBucketVersioning',
    authorization: { kind: 'policy', action: 's3:GetBucketVersioning', resources: onBucket },
    handle: (input) => {
      const { versioning } = requireBucket(deps.state, input.Bucket);
      return versioning === undefined ? {} : { Status: versioning };
    },
  });
}
