/**
 * Bucket configurations iamlab does not model, through boto3 (aws-behaviour.md §9.2): AWS's "no such
 * configuration" errors and defaults as botocore parses them, Put refused with 501, and each operation
 * decided by its own IAM action (a user allowed s3:GetBucketCORS only).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { boto3Python, SKIP_NO_BOTO3 } from '../support/clients.js';
import type { Keys } from './s3-lab.js';
import { allow, policy, S3Lab } from './s3-lab.js';

const PRELUDE = `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', config=Config(retries={'max_attempts': 1}))
def call(name, **params):
    try:
        out = getattr(s3, name)(**params)
        out.pop('ResponseMetadata', None)
        return out
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'), 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'bucket': e.response['Error'].get('BucketName')}
`;

describe('S3 bucket configurations with boto3', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let l: S3Lab;
  const bucket = 'config-bucket';

  async function py<T>(keys: Keys, script: string): Promise<T> {
    const result = await l.boto3(keys, `${PRELUDE}\n${script}`);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as T;
  }

  before(async () => {
    l = await S3Lab.start();
    await py<null>(l.root, `s3.create_bucket(Bucket='${bucket}')\nprint('null')`);
  });
  after(async () => {
    await l.dispose();
  });

  it('Get answers the recorded errors and defaults; Delete 204; Put 501', async () => {
    const out = await py<Record<string, unknown>>(
      l.root,
      `
B = '${bucket}'
print(json.dumps({
  'cors': call('get_bucket_cors', Bucket=B),
  'lifecycle': call('get_bucket_lifecycle_configuration', Bucket=B),
  'website': call('get_bucket_website', Bucket=B),
  'replication': call('get_bucket_replication', Bucket=B),
  'lock': call('get_object_lock_configuration', Bucket=B),
  'metrics': call('get_bucket_metrics_configuration', Bucket=B, Id='m1'),
  'logging': call('get_bucket_logging', Bucket=B),
  'notification': call('get_bucket_notification_configuration', Bucket=B),
  'accelerate': call('get_bucket_accelerate_configuration', Bucket=B),
  'payment': call('get_bucket_request_payment', Bucket=B),
  'versioning': call('get_bucket_versioning', Bucket=B),
  'encryption': call('get_bucket_encryption', Bucket=B),
  'deleteCors': call('delete_bucket_cors', Bucket=B),
  'putCors': call('put_bucket_cors', Bucket=B, CORSConfiguration={'CORSRules': [{'AllowedMethods': ['GET'], 'AllowedOrigins': ['*']}]}),
  'missingBucket': call('get_bucket_cors', Bucket='no-such-config-bucket'),
}))
`,
    );
    const missing = (code: string, message: string) => ({ code, message, status: 404, bucket });
    assert.deepEqual(out, {
      cors: missing('NoSuchCORSConfiguration', 'The CORS configuration does not exist'),
      lifecycle: missing('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'),
      website: missing('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
      replication: missing('ReplicationConfigurationNotFoundError', 'The replication configuration was not found'),
      lock: missing('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket'),
      metrics: { code: 'NoSuchConfiguration', message: 'The specified configuration does not exist.', status: 404, bucket: null },
      logging: {},
      notification: {},
      accelerate: {},
      payment: { Payer: 'BucketOwner' },
      versioning: {},
      encryption: {
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
      },
      deleteCors: {},
      putCors: {
        code: 'NotImplemented',
        message: 'A header you provided implies functionality that is not implemented',
        status: 501,
        bucket: null,
      },
      missingBucket: { code: 'NoSuchBucket', message: 'The specified bucket does not exist', status: 404, bucket: 'no-such-config-bucket' },
    });
  });

  it('each operation is decided by its own IAM action: s3:GetBucketCORS allows GetBucketCors and nothing else', async () => {
    const user = await l.user('cors-reader', policy(allow('s3:GetBucketCORS', `arn:aws:s3:::${bucket}`)));
    const out = await py<Record<string, { code?: string; status?: number }>>(
      user,
      `
B = '${bucket}'
print(json.dumps({
  'cors': call('get_bucket_cors', Bucket=B),
  'lifecycle': call('get_bucket_lifecycle_configuration', Bucket=B),
  'encryption': call('get_bucket_encryption', Bucket=B),
}))
`,
    );
    assert.deepEqual(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, `${v.status} ${v.code}`])), {
      cors: '404 NoSuchCORSConfiguration',
      lifecycle: '403 AccessDenied',
      encryption: '403 AccessDenied',
    });
  });
});
