/**
 * The bucket configurations iamlab does not model (aws-behaviour.md §9.2), declared as data: each is answered
 * as AWS answers a bucket that never had one. Every operation is decided by its own IAM action on the bucket
 * (Service Authorization Reference for S3), then finds the bucket (`NoSuchBucket`), then:
 *   - Get answers AWS's "no such configuration" error, or the default AWS reports (logging, notification,
 *     accelerate, request payment, SSE-S3 encryption); versioning is modelled (ops/bucket-versioning.ts);
 *   - Delete answers 204, or `NoSuchConfiguration` for the configurations addressed by id;
 *   - List answers an empty, untruncated list;
 *   - Put answers 501 `NotImplemented`: the lab would otherwise pretend to keep what it ignores.
 */
import { bucketArn } from '../../../arn/arn.js';
import type { AwsError } from '../../../errors/aws-error.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';

type Output = Record<string, unknown>;

/** What Get answers for a bucket without the configuration. */
type Absent = { readonly kind: 'error'; readonly error: (bucket: string) => AwsError } | { readonly kind: 'default'; readonly output: Output };

interface ConfigurationSpec {
  readonly get: string;
  readonly getAction: string;
  readonly absent: Absent;
  readonly put: string;
  readonly putAction: string;
  /** The Delete operation and its action (S3 authorizes most deletes with the Put action). */
  readonly delete?: readonly [string, string];
  /** Addressed by `id`: Delete of a missing one is `NoSuchConfiguration`, and a List operation exists. */
  readonly byId?: { readonly list: string };
}

const missing = (code: string, message: string): Absent => ({
  kind: 'error',
  error: (bucket) => s3Errors.noSuchBucketConfiguration(code, message, bucket),
});
const byIdMissing: Absent = { kind: 'error', error: () => s3Errors.noSuchConfiguration() };
const answers = (output: Output): Absent => ({ kind: 'default', output });

/** §9.2: the errors recorded from AWS, and the defaults AWS answers. */
const BUCKET_CONFIGURATIONS: readonly ConfigurationSpec[] = [
  {
    get: 'GetBucketCors',
    getAction: 's3:GetBucketCORS',
    absent: missing('NoSuchCORSConfiguration', 'The CORS configuration does not exist'),
    put: 'PutBucketCors',
    putAction: 's3:PutBucketCORS',
    delete: ['DeleteBucketCors', 's3:PutBucketCORS'],
  },
  {
    get: 'GetBucketLifecycleConfiguration',
    getAction: 's3:GetLifecycleConfiguration',
    absent: missing('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'),
    put: 'PutBucketLifecycleConfiguration',
    putAction: 's3:PutLifecycleConfiguration',
    delete: ['DeleteBucketLifecycle', 's3:PutLifecycleConfiguration'],
  },
  {
    get: 'GetBucketWebsite',
    getAction: 's3:GetBucketWebsite',
    absent: missing('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
    put: 'PutBucketWebsite',
    putAction: 's3:PutBucketWebsite',
    delete: ['DeleteBucketWebsite', 's3:DeleteBucketWebsite'],
  },
  {
    get: 'GetBucketReplication',
    getAction: 's3:GetReplicationConfiguration',
    absent: missing('ReplicationConfigurationNotFoundError', 'The replication configuration was not found'),
    put: 'PutBucketReplication',
    putAction: 's3:PutReplicationConfiguration',
    delete: ['DeleteBucketReplication', 's3:PutReplicationConfiguration'],
  },
  {
    get: 'GetObjectLockConfiguration',
    getAction: 's3:GetBucketObjectLockConfiguration',
    absent: missing('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket'),
    put: 'PutObjectLockConfiguration',
    putAction: 's3:PutBucketObjectLockConfiguration',
  },
  { get: 'GetBucketLogging', getAction: 's3:GetBucketLogging', absent: answers({}), put: 'PutBucketLogging', putAction: 's3:PutBucketLogging' },
  {
    get: 'GetBucketNotificationConfiguration',
    getAction: 's3:GetBucketNotification',
    absent: answers({}),
    put: 'PutBucketNotificationConfiguration',
    putAction: 's3:PutBucketNotification',
  },
  {
    get: 'GetBucketAccelerateConfiguration',
    getAction: 's3:GetAccelerateConfiguration',
    absent: answers({}),
    put: 'PutBucketAccelerateConfiguration',
    putAction: 's3:PutAccelerateConfiguration',
  },
  {
    get: 'GetBucketRequestPayment',
    getAction: 's3:GetBucketRequestPayment',
    absent: answers({ Payer: 'BucketOwner' }),
    put: 'PutBucketRequestPayment',
    putAction: 's3:PutBucketRequestPayment',
  },
  {
    // SSE-S3 is every bucket's default since January 2023, and Delete returns a bucket to it.
    get: 'GetBucketEncryption',
    getAction: 's3:GetEncryptionConfiguration',
    absent: answers({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    }),
    put: 'PutBucketEncryption',
    putAction: 's3:PutEncryptionConfiguration',
    delete: ['DeleteBucketEncryption', 's3:PutEncryptionConfiguration'],
  },
  ...(
    [
      ['Analytics', 'AnalyticsConfiguration'],
      ['Metrics', 'MetricsConfiguration'],
      ['Inventory', 'InventoryConfiguration'],
      ['IntelligentTiering', 'IntelligentTieringConfiguration'],
    ] as const
  ).map(([name, action]): ConfigurationSpec => ({
    get: `GetBucket${name}Configuration`,
    getAction: `s3:Get${action}`,
    absent: byIdMissing,
    put: `PutBucket${name}Configuration`,
    putAction: `s3:Put${action}`,
    delete: [`DeleteBucket${name}Configuration`, `s3:Put${action}`],
    byId: { list: `ListBucket${name}Configurations` },
  })),
];

const onBucket = (input: { Bucket: string }): readonly string[] => [bucketArn(input.Bucket)];

function bucketOperation(deps: S3Deps, name: string, action: string, answer: (bucket: string) => Output): Operation {
  return defineOperation<{ Bucket: string }, Output>({
    name,
    authorization: { kind: 'policy', action, resources: onBucket },
    handle: (input) => {
      requireBucket(deps.state, input.Bucket);
      return answer(input.Bucket);
    },
  });
}

export function bucketConfigurationOperations(deps: S3Deps): Operation[] {
  return BUCKET_CONFIGURATIONS.flatMap((spec) => {
    const { absent } = spec;
    const operations = [
      bucketOperation(deps, spec.get, spec.getAction, (bucket) => {
        if (absent.kind === 'error') throw absent.error(bucket);
        return absent.output;
      }),
      bucketOperation(deps, spec.put, spec.putAction, () => {
        throw s3Errors.notImplemented();
      }),
    ];
    if (spec.delete !== undefined) {
      const [name, action] = spec.delete;
      operations.push(
        bucketOperation(deps, name, action, () => {
          if (spec.byId !== undefined) throw s3Errors.noSuchConfiguration();
          return {};
        }),
      );
    }
    if (spec.byId !== undefined) operations.push(bucketOperation(deps, spec.byId.list, spec.getAction, () => ({ IsTruncated: false })));
    return operations;
  });
}
