/**
 * S3 tagging end to end (aws-behaviour.md §9.4): boto3's calls as LocalStack recorded them against AWS
 * (test_object_tagging_crud, test_bucket_tagging_crud, test_tagging_validation, test_object_tagging_exc,
 * test_s3_copy_tagging_directive), the AWS CLI's s3api tagging commands, and policies deciding on
 * `s3:ExistingObjectTag/<key>` and `s3:RequestObjectTag/<key>`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCliVersion, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import type { RunResult } from '../support/clients.js';
import type { Keys } from './s3-lab.js';
import { allow, policy, S3Lab } from './s3-lab.js';

const PRELUDE = `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
def client(**config):
    return boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', config=Config(retries={'max_attempts': 1}, **config))
def err(call):
    try:
        call()
    except ClientError as e:
        error = dict(e.response['Error'])
        error['status'] = e.response['ResponseMetadata']['HTTPStatusCode']
        return error
    return None
def status(response):
    return response['ResponseMetadata']['HTTPStatusCode']
`;

const ok = (result: RunResult): string => {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
};

describe('S3 tagging with boto3', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let l: S3Lab;
  const bucket = 'tagging-boto';

  async function py<T>(script: string, keys: Keys = l.root): Promise<T> {
    return JSON.parse(ok(await l.boto3(keys, `${PRELUDE}\n${script}`))) as T;
  }

  before(async () => {
    l = await S3Lab.start();
    await py<null>(`client().create_bucket(Bucket='${bucket}')\nprint('null')`);
  });
  after(async () => {
    await l.dispose();
  });

  it('object tagging CRUD: statuses, TagSet, TagCount on get_object and head_object', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.put_object(Bucket='${bucket}', Key='crud', Body='test-tagging')
empty = s3.get_object_tagging(Bucket='${bucket}', Key='crud')
put = s3.put_object_tagging(Bucket='${bucket}', Key='crud', Tagging={'TagSet': [{'Key': 'tag1', 'Value': 'tag1'}, {'Key': 'tag2', 'Value': ''}]})
got = s3.get_object_tagging(Bucket='${bucket}', Key='crud')
head = s3.head_object(Bucket='${bucket}', Key='crud')
obj = s3.get_object(Bucket='${bucket}', Key='crud')
delete = s3.delete_object_tagging(Bucket='${bucket}', Key='crud')
after = s3.head_object(Bucket='${bucket}', Key='crud')
print(json.dumps({
  'empty': empty['TagSet'], 'put': status(put), 'got': got['TagSet'], 'headCount': head.get('TagCount'), 'getCount': obj.get('TagCount'),
  'delete': status(delete), 'afterCount': after.get('TagCount'), 'afterTags': s3.get_object_tagging(Bucket='${bucket}', Key='crud')['TagSet'],
}))
`);
    assert.deepEqual(out, {
      empty: [],
      put: 200,
      got: [
        { Key: 'tag1', Value: 'tag1' },
        { Key: 'tag2', Value: '' },
      ],
      headCount: 2,
      getCount: 2,
      delete: 204,
      afterCount: null,
      afterTags: [],
    });
  });

  it('bucket tagging CRUD: PutBucketTagging 204, NoSuchTagSet without tags, DeleteBucketTagging 204', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
missing = err(lambda: s3.get_bucket_tagging(Bucket='${bucket}'))
put = s3.put_bucket_tagging(Bucket='${bucket}', Tagging={'TagSet': [{'Key': 'tag1', 'Value': 'tag1'}, {'Key': 'tag2', 'Value': ''}]})
got = s3.get_bucket_tagging(Bucket='${bucket}')
delete = s3.delete_bucket_tagging(Bucket='${bucket}')
print(json.dumps({'missing': missing, 'put': status(put), 'got': got['TagSet'], 'delete': status(delete), 'gone': err(lambda: s3.get_bucket_tagging(Bucket='${bucket}'))['Code']}))
`);
    assert.deepEqual(out, {
      missing: { Code: 'NoSuchTagSet', Message: 'The TagSet does not exist', BucketName: bucket, status: 404 },
      put: 204,
      got: [
        { Key: 'tag1', Value: 'tag1' },
        { Key: 'tag2', Value: '' },
      ],
      delete: 204,
      gone: 'NoSuchTagSet',
    });
  });

  it('validation errors as recorded from AWS, x-amz-tagging included', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client(parameter_validation=False)
s3.put_object(Bucket='${bucket}', Key='v', Body=b'')
def ts(*pairs):
    return {'TagSet': [{'Key': k, 'Value': v} for k, v in pairs]}
print(json.dumps({
  'dup': err(lambda: s3.put_object_tagging(Bucket='${bucket}', Key='v', Tagging=ts(('Key1', 'Val1'), ('Key1', 'Val1')))),
  'badKey': err(lambda: s3.put_bucket_tagging(Bucket='${bucket}', Tagging=ts(('Key1,Key2', 'Val1')))),
  'badValue': err(lambda: s3.put_bucket_tagging(Bucket='${bucket}', Tagging=ts(('Key1', 'Val1,Val2')))),
  'awsBucket': err(lambda: s3.put_bucket_tagging(Bucket='${bucket}', Tagging=ts(('aws:prefixed', 'Val1')))),
  'awsObject': err(lambda: s3.put_object_tagging(Bucket='${bucket}', Key='v', Tagging=ts(('aws:prefixed', 'Val1')))),
  'noneKey': err(lambda: s3.put_object_tagging(Bucket='${bucket}', Key='v', Tagging={'TagSet': [{'Key': None, 'Value': 'Val1'}]})),
  'headerDup': err(lambda: s3.put_object(Bucket='${bucket}', Key='v', Body='', Tagging='key1=val1&key1=val2')),
  'headerFormat': err(lambda: s3.put_object(Bucket='${bucket}', Key='v', Body='', Tagging='key1=val1,key2=val2')),
  'noKey': err(lambda: s3.get_object_tagging(Bucket='${bucket}', Key='fake-key')),
}))
`);
    const header = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";
    assert.deepEqual(out, {
      dup: { Code: 'InvalidTag', Message: 'Cannot provide multiple Tags with the same key', TagKey: 'Key1', status: 400 },
      badKey: { Code: 'InvalidTag', Message: 'The TagKey you have provided is invalid', TagKey: 'Key1,Key2', status: 400 },
      badValue: { Code: 'InvalidTag', Message: 'The TagValue you have provided is invalid', TagKey: 'Key1', TagValue: 'Val1,Val2', status: 400 },
      awsBucket: { Code: 'InvalidTag', Message: 'System tags cannot be added/updated by requester', TagKey: 'aws:prefixed', status: 400 },
      awsObject: { Code: 'InvalidTag', Message: 'Your TagKey cannot be prefixed with aws:', TagKey: 'aws:prefixed', status: 400 },
      noneKey: {
        Code: 'MalformedXML',
        Message: 'The XML you provided was not well-formed or did not validate against our published schema',
        status: 400,
      },
      headerDup: { Code: 'InvalidArgument', Message: header, ArgumentName: 'x-amz-tagging', ArgumentValue: 'key1=val1&key1=val2', status: 400 },
      headerFormat: { Code: 'InvalidArgument', Message: header, ArgumentName: 'x-amz-tagging', ArgumentValue: 'key1=val1,key2=val2', status: 400 },
      noKey: { Code: 'NoSuchKey', Message: 'The specified key does not exist.', Key: `${bucket}/fake-key`, status: 404 },
    });
  });

  it('put_object with Tagging, copy_object with TaggingDirective COPY and REPLACE', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.put_object(Bucket='${bucket}', Key='source-object', Body='test', Tagging='key1=value1')
tags = lambda key: s3.get_object_tagging(Bucket='${bucket}', Key=key)['TagSet']
result = {'source': tags('source-object')}
for directive in ['COPY', 'REPLACE', None]:
    kwargs = {'TaggingDirective': directive} if directive else {}
    s3.copy_object(Bucket='${bucket}', CopySource='${bucket}/source-object', Key='with-tags', Tagging='key2=value2', **kwargs)
    s3.copy_object(Bucket='${bucket}', CopySource='${bucket}/source-object', Key='without-tags', **kwargs)
    result[str(directive)] = [tags('with-tags'), tags('without-tags')]
print(json.dumps(result))
`);
    const source = [{ Key: 'key1', Value: 'value1' }];
    assert.deepEqual(out, {
      source,
      COPY: [source, source],
      REPLACE: [[{ Key: 'key2', Value: 'value2' }], []],
      None: [source, source],
    });
  });

  it('a policy allowing GetObject only when s3:ExistingObjectTag/team is blue, and PutObject only with team=blue', async () => {
    const objects = `arn:aws:s3:::${bucket}/*`;
    const reader = await l.user(
      'tag-reader',
      policy(
        allow('s3:GetObject', objects, { Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'blue' } } }),
        allow(['s3:PutObject', 's3:PutObjectTagging'], objects, { Condition: { StringEquals: { 's3:RequestObjectTag/team': 'blue' } } }),
        allow('s3:ListBucket', `arn:aws:s3:::${bucket}`),
      ),
    );
    await py<null>(`
s3 = client()
s3.put_object(Bucket='${bucket}', Key='blue.txt', Body=b'blue', Tagging='team=blue')
s3.put_object(Bucket='${bucket}', Key='red.txt', Body=b'red', Tagging='team=red')
s3.put_object(Bucket='${bucket}', Key='untagged.txt', Body=b'none')
print('null')`);
    const out = await py<Record<string, unknown>>(
      `
s3 = client()
def read(key):
    try:
        return s3.get_object(Bucket='${bucket}', Key=key)['Body'].read().decode()
    except ClientError as e:
        return e.response['Error']['Code']
def write(key, tagging=None):
    try:
        kwargs = {'Tagging': tagging} if tagging is not None else {}
        return status(s3.put_object(Bucket='${bucket}', Key=key, Body=b'x', **kwargs))
    except ClientError as e:
        return e.response['Error']['Code']
print(json.dumps({
  'blue': read('blue.txt'), 'red': read('red.txt'), 'untagged': read('untagged.txt'),
  'writeBlue': write('new-blue.txt', 'team=blue'), 'writeRed': write('new-red.txt', 'team=red'), 'writeNone': write('new-none.txt'),
  'readNewBlue': read('new-blue.txt'),
}))
`,
      reader,
    );
    assert.deepEqual(out, {
      blue: 'blue',
      red: 'AccessDenied',
      untagged: 'AccessDenied',
      writeBlue: 200,
      writeRed: 'AccessDenied',
      writeNone: 'AccessDenied',
      readNewBlue: 'x',
    });
  });
});

describe('S3 tagging with the AWS CLI', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, () => {
  let l: S3Lab;
  const bucket = 'tagging-cli';
  before(async () => {
    l = await S3Lab.start();
    ok(await l.cli(l.root, ['s3api', 'create-bucket', '--bucket', bucket]));
  });
  after(async () => {
    await l.dispose();
  });

  it('s3api put-object --tagging, put/get/delete-object-tagging, put/get/delete-bucket-tagging', async () => {
    ok(await l.cli(l.root, ['s3api', 'put-object', '--bucket', bucket, '--key', 'k', '--tagging', 'team=blue&env=']));
    const tagsOf = async (): Promise<unknown> =>
      (JSON.parse(ok(await l.cli(l.root, ['s3api', 'get-object-tagging', '--bucket', bucket, '--key', 'k']))) as { TagSet: unknown }).TagSet;
    assert.deepEqual(await tagsOf(), [
      { Key: 'team', Value: 'blue' },
      { Key: 'env', Value: '' },
    ]);
    const head = JSON.parse(ok(await l.cli(l.root, ['s3api', 'head-object', '--bucket', bucket, '--key', 'k']))) as { TagCount?: number };
    assert.equal(head.TagCount, 2);
    ok(await l.cli(l.root, ['s3api', 'put-object-tagging', '--bucket', bucket, '--key', 'k', '--tagging', 'TagSet=[{Key=a,Value=b}]']));
    assert.deepEqual(await tagsOf(), [{ Key: 'a', Value: 'b' }]);
    ok(await l.cli(l.root, ['s3api', 'delete-object-tagging', '--bucket', bucket, '--key', 'k']));
    assert.deepEqual(await tagsOf(), []);

    const missing = await l.cli(l.root, ['s3api', 'get-bucket-tagging', '--bucket', bucket]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NoSuchTagSet\) when calling the GetBucketTagging operation: The TagSet does not exist/);
    ok(await l.cli(l.root, ['s3api', 'put-bucket-tagging', '--bucket', bucket, '--tagging', 'TagSet=[{Key=cost,Value=center}]']));
    const bucketTags = JSON.parse(ok(await l.cli(l.root, ['s3api', 'get-bucket-tagging', '--bucket', bucket]))) as { TagSet: unknown };
    assert.deepEqual(bucketTags.TagSet, [{ Key: 'cost', Value: 'center' }]);
    ok(await l.cli(l.root, ['s3api', 'delete-bucket-tagging', '--bucket', bucket]));
    assert.notEqual((await l.cli(l.root, ['s3api', 'get-bucket-tagging', '--bucket', bucket])).code, 0);
  });
});
