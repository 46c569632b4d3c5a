/**
 * Which services and operations the emulator models, and the file each becomes. `scripts/generate-models.ts`
 * writes the result; a test regenerates it and compares it with the committed files.
 */
import { buildJsonServiceModel, buildRestXmlServiceModel, buildServiceModel } from './build-service-model.js';
import type { BotocoreModel } from './build-service-model.js';
import { emitModelFile } from './emit-model-file.js';

/** EC2: only the instance-profile subset (aws-behaviour.md §3.1) and the calls SDKs and tools make around it. */
const EC2_OPERATIONS = [
  'RunInstances',
  'DescribeInstances',
  'StopInstances',
  'StartInstances',
  'RebootInstances',
  'TerminateInstances',
  'ModifyInstanceMetadataOptions',
  'AssociateIamInstanceProfile',
  'DisassociateIamInstanceProfile',
  'ReplaceIamInstanceProfileAssociation',
  'DescribeIamInstanceProfileAssociations',
  'DescribeRegions',
  'DescribeAvailabilityZones',
] as const;

/** S3: the bucket, object, policy and multipart calls SDKs and the CLI make (aws-behaviour.md §5.2). */
const S3_OPERATIONS = [
  'ListBuckets',
  'CreateBucket',
  'DeleteBucket',
  'HeadBucket',
  'GetBucketLocation',
  'ListObjectsV2',
  'ListObjects',
  'PutObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'DeleteObjects',
  'CopyObject',
  'PutBucketPolicy',
  'GetBucketPolicy',
  'DeleteBucketPolicy',
  // ACLs, Object Ownership, Block Public Access and policy status (aws-behaviour.md §9.6).
  'GetBucketAcl',
  'PutBucketAcl',
  'GetObjectAcl',
  'PutObjectAcl',
  'GetBucketOwnershipControls',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'GetPublicAccessBlock',
  'PutPublicAccessBlock',
  'DeletePublicAccessBlock',
  'GetBucketPolicyStatus',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListMultipartUploads',
  'ListParts',
  // Tagging (aws-behaviour.md §9.4).
  'PutObjectTagging',
  'GetObjectTagging',
  'DeleteObjectTagging',
  'PutBucketTagging',
  'GetBucketTagging',
  'DeleteBucketTagging',
  // Versioning (aws-behaviour.md §9.5); Get/PutBucketVersioning are listed below.
  'ListObjectVersions',
  // Bucket configurations iamlab does not model: answered as a bucket without them (aws-behaviour.md §9.2).
  'GetBucketCors',
  'PutBucketCors',
  'DeleteBucketCors',
  'GetBucketLifecycleConfiguration',
  'PutBucketLifecycleConfiguration',
  'DeleteBucketLifecycle',
  'GetBucketWebsite',
  'PutBucketWebsite',
  'DeleteBucketWebsite',
  'GetBucketReplication',
  'PutBucketReplication',
  'DeleteBucketReplication',
  'GetBucketLogging',
  'PutBucketLogging',
  'GetBucketNotificationConfiguration',
  'PutBucketNotificationConfiguration',
  'GetBucketAccelerateConfiguration',
  'PutBucketAccelerateConfiguration',
  'GetBucketRequestPayment',
  'PutBucketRequestPayment',
  'GetBucketVersioning',
  'PutBucketVersioning',
  'GetBucketEncryption',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'GetObjectLockConfiguration',
  'PutObjectLockConfiguration',
  'GetBucketAnalyticsConfiguration',
  'PutBucketAnalyticsConfiguration',
  'DeleteBucketAnalyticsConfiguration',
  'ListBucketAnalyticsConfigurations',
  'GetBucketMetricsConfiguration',
  'PutBucketMetricsConfiguration',
  'DeleteBucketMetricsConfiguration',
  'ListBucketMetricsConfigurations',
  'GetBucketInventoryConfiguration',
  'PutBucketInventoryConfiguration',
  'DeleteBucketInventoryConfiguration',
  'ListBucketInventoryConfigurations',
  'GetBucketIntelligentTieringConfiguration',
  'PutBucketIntelligentTieringConfiguration',
  'DeleteBucketIntelligentTieringConfiguration',
  'ListBucketIntelligentTieringConfigurations',
] as const;

/** botocore's S3 model declares no namespace; S3 writes this one on every XML body (aws-behaviour.md §0.1). */
const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

interface ServiceSpec {
  readonly service: 'sts' | 'iam' | 'ec2';
  readonly constName: string;
  readonly typePrefix: string;
  readonly operations?: readonly string[];
}

const SERVICES: readonly ServiceSpec[] = [
  { service: 'sts', constName: 'stsModel', typePrefix: 'Sts' },
  { service: 'iam', constName: 'iamModel', typePrefix: 'Iam' },
  { service: 'ec2', constName: 'ec2Model', typePrefix: 'Ec2', operations: EC2_OPERATIONS },
];

/** The botocore release the vendored models were taken from (vendor/aws-models/SOURCES.md). */
const BOTOCORE = 'botocore 1.43.11';

/** File name (`sts.ts`) → contents, given a reader for `<service>.json`: the query and ec2 services. */
export function generateModelFiles(readModel: (service: string) => BotocoreModel): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of SERVICES) {
    const model = buildServiceModel(readModel(spec.service), spec.operations ? { operations: spec.operations } : {});
    files[`${spec.service}.ts`] = emitModelFile(model, {
      constName: spec.constName,
      typePrefix: spec.typePrefix,
      source: `${BOTOCORE} ${spec.service}.json (Apache-2.0)`,
    });
  }
  return files;
}

/** The REST services' files (`s3.ts`), kept apart so the query/ec2 generation above stays exactly as it was. */
export function generateRestModelFiles(readModel: (service: string) => BotocoreModel): Record<string, string> {
  const model = buildRestXmlServiceModel(readModel('s3'), { operations: S3_OPERATIONS, xmlNamespace: S3_XML_NAMESPACE });
  return {
    's3.ts': emitModelFile(model, { constName: 's3Model', typePrefix: 'S3', source: `${BOTOCORE} s3.json (Apache-2.0)` }),
  };
}

/**
 * CloudTrail: LookupEvents only, over the lab's audit trail (aws-behaviour.md §13). Any other operation is not in
 * the model, so the JSON codec answers it as AWS answers an operation it does not know.
 */
const CLOUDTRAIL_OPERATIONS = ['LookupEvents'] as const;

/** The JSON-protocol services' files (`cloudtrail.ts`). */
export function generateJsonModelFiles(readModel: (service: string) => BotocoreModel): Record<string, string> {
  const model = buildJsonServiceModel(readModel('cloudtrail'), { operations: CLOUDTRAIL_OPERATIONS });
  return {
    'cloudtrail.ts': emitModelFile(model, {
      constName: 'cloudtrailModel',
      typePrefix: 'CloudTrail',
      source: `${BOTOCORE} cloudtrail.json (Apache-2.0)`,
    }),
  };
}
