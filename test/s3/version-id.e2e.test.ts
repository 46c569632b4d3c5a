/**
 * Version ids on an unversioned bucket and `x-amz-checksum-type`, through boto3 — the calls LocalStack
 * recorded against AWS (test_get_object_with_version_unversioned_bucket, test_delete_object,
 * test_delete_objects; aws-behaviour.md §9.3).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { boto3Python, SKIP_NO_BOTO3 } from '../support/clients.js';
import { S3Lab } from './s3-lab.js';

describe('S3 version ids with boto3', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let l: S3Lab;
  before(async () => {
    l = await S3Lab.start();
  });
  after(async () => {
    await l.dispose();
  });

  it('another id is InvalidArgument (HEAD: a bare 400), NoSuchVersion in DeleteObjects; null names the object', async () => {
    const result = await l.boto3(
      l.root,
      `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', config=Config(retries={'max_attempts': 1}))
OTHER = 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD'
def err(call):
    try:
        call()
    except ClientError as e:
        return [e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'], e.response['Error'].get('Message'), e.response['Error'].get('ArgumentName'), e.response['Error'].get('ArgumentValue')]
s3.create_bucket(Bucket='versions')
put = s3.put_object(Bucket='versions', Key='test-version', Body=b'test-version')
got = s3.get_object(Bucket='versions', Key='test-version', VersionId='null')
batch = s3.delete_objects(Bucket='versions', Delete={'Objects': [{'Key': 'test-version', 'VersionId': OTHER}, {'Key': 'a-wrong-key'}]})
print(json.dumps({
  'putChecksumType': put.get('ChecksumType'),
  'get': err(lambda: s3.get_object(Bucket='versions', Key='test-version', VersionId=OTHER)),
  'head': err(lambda: s3.head_object(Bucket='versions', Key='test-version', VersionId=OTHER)),
  'delete': err(lambda: s3.delete_object(Bucket='versions', Key='missing', VersionId=OTHER)),
  'nullBody': got['Body'].read().decode(),
  'nullVersionId': got.get('VersionId'),
  'nullChecksumType': got.get('ChecksumType'),
  'batchErrors': batch.get('Errors'),
  'batchDeleted': batch.get('Deleted'),
}))
`,
    );
    assert.equal(result.code, 0, result.stderr);
    const invalid = [400, 'InvalidArgument', 'Invalid version id specified', 'versionId', 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD'];
    assert.deepEqual(JSON.parse(result.stdout), {
      // botocore sends a CRC32 with every PutObject since 1.36; a single PUT's checksum is FULL_OBJECT.
      putChecksumType: 'FULL_OBJECT',
      get: invalid,
      head: [400, '400', 'Bad Request', null, null],
      delete: invalid,
      nullBody: 'test-version',
      nullVersionId: null,
      nullChecksumType: 'FULL_OBJECT',
      batchErrors: [
        {
          Key: 'test-version',
          VersionId: 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD',
          Code: 'NoSuchVersion',
          Message: 'The specified version does not exist.',
        },
      ],
      batchDeleted: [{ Key: 'a-wrong-key' }],
    });
  });
});
