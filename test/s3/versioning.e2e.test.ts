/**
 * S3 versioning end to end (aws-behaviour.md §9.5) with boto3 — the calls LocalStack recorded against AWS
 * (test_bucket_versioning_crud, test_delete_object_versioned, test_delete_objects_versioned) — and the AWS
 * CLI's s3api version commands, including the raw XML of ListObjectVersions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCliVersion, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import type { RunResult } from '../support/clients.js';
import { S3Lab } from './s3-lab.js';

const ok = (result: RunResult): string => {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
};

describe('S3 versioning with boto3', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let l: S3Lab;
  before(async () => {
    l = await S3Lab.start();
  });
  after(async () => {
    await l.dispose();
  });

  it('configuration, versions, delete markers (404 with x-amz-delete-marker, 405 by id), NoSuchVersion, InvalidArgument', async () => {
    const out = JSON.parse(
      ok(
        await l.boto3(
          l.root,
          `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', config=Config(retries={'max_attempts': 1}))
def err(call):
    try:
        call()
    except ClientError as e:
        r = e.response
        return [r['ResponseMetadata']['HTTPStatusCode'], r['Error']['Code'], r['Error'].get('Message'), r['ResponseMetadata']['HTTPHeaders'].get('x-amz-delete-marker')]
b = 'versioned'
s3.create_bucket(Bucket=b)
before = s3.get_bucket_versioning(Bucket=b)
s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={'Status': 'Enabled'})
put = s3.put_object(Bucket=b, Key='test-delete', Body=b'test-delete')
v1 = put['VersionId']
deleted = s3.delete_object(Bucket=b, Key='test-delete')
marker = deleted['VersionId']
got = s3.get_object(Bucket=b, Key='test-delete', VersionId=v1)
versions = s3.list_object_versions(Bucket=b, Prefix='test-delete')
batch = s3.delete_objects(Bucket=b, Delete={'Objects': [{'Key': 'wrongkey'}]})
print(json.dumps({
  'before': 'Status' in before, 'status': s3.get_bucket_versioning(Bucket=b)['Status'],
  'idLength': len(v1), 'deleteMarker': deleted['DeleteMarker'], 'deleteStatus': deleted['ResponseMetadata']['HTTPStatusCode'],
  'getDeleted': err(lambda: s3.get_object(Bucket=b, Key='test-delete')),
  'headDeleted': err(lambda: s3.head_object(Bucket=b, Key='test-delete')),
  'getMarker': err(lambda: s3.get_object(Bucket=b, Key='test-delete', VersionId=marker)),
  'body': got['Body'].read().decode(), 'gotVersion': got['VersionId'] == v1,
  'listed': [[v['VersionId'] == v1, v['IsLatest'], 'DisplayName' in v['Owner']] for v in versions['Versions']],
  'markers': [[m['VersionId'] == marker, m['IsLatest']] for m in versions['DeleteMarkers']],
  'batch': [[d['Key'], d['DeleteMarker'], len(d['DeleteMarkerVersionId'])] for d in batch['Deleted']],
  'removeMarker': s3.delete_object(Bucket=b, Key='test-delete', VersionId=marker).get('DeleteMarker'),
  'removeVersion': s3.delete_object(Bucket=b, Key='test-delete', VersionId=v1)['VersionId'] == v1,
  'gone': err(lambda: s3.get_object(Bucket=b, Key='test-delete', VersionId=v1)),
  'bad': err(lambda: s3.delete_object(Bucket=b, Key='test-delete', VersionId=v1[:-3] + 'xyz')),
  'lower': err(lambda: s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={'Status': 'enabled'})),
}))
`,
        ),
      ),
    ) as Record<string, unknown>;
    assert.deepEqual(out, {
      before: false,
      status: 'Enabled',
      idLength: 32,
      deleteMarker: true,
      deleteStatus: 204,
      getDeleted: [404, 'NoSuchKey', 'The specified key does not exist.', 'true'],
      headDeleted: [404, '404', 'Not Found', 'true'],
      getMarker: [405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'true'],
      body: 'test-delete',
      gotVersion: true,
      listed: [[true, false, false]],
      markers: [[true, true]],
      batch: [['wrongkey', true, 32]],
      removeMarker: true,
      removeVersion: true,
      gone: [404, 'NoSuchVersion', 'The specified version does not exist.', null],
      bad: [400, 'InvalidArgument', 'Invalid version id specified', null],
      lower: [400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', null],
    });
  });
});

describe('S3 versioning with the AWS CLI', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, () => {
  let l: S3Lab;
  before(async () => {
    l = await S3Lab.start();
  });
  after(async () => {
    await l.dispose();
  });

  it('put-bucket-versioning, list-object-versions (and its XML), copy-object from a version, head-object', async () => {
    const b = 'cli-versions';
    ok(await l.cli(l.root, ['s3api', 'create-bucket', '--bucket', b]));
    ok(await l.cli(l.root, ['s3api', 'put-bucket-versioning', '--bucket', b, '--versioning-configuration', 'Status=Enabled']));
    const v1 = (JSON.parse(ok(await l.cli(l.root, ['s3api', 'put-object', '--bucket', b, '--key', 'k']))) as { VersionId: string }).VersionId;
    ok(await l.cli(l.root, ['s3', 'rm', `s3://${b}/k`]));
    const listed = JSON.parse(ok(await l.cli(l.root, ['s3api', 'list-object-versions', '--bucket', b]))) as {
      Versions: { Key: string; VersionId: string; IsLatest: boolean }[];
      DeleteMarkers: { Key: string; IsLatest: boolean }[];
    };
    assert.deepEqual(
      listed.Versions.map((v) => [v.Key, v.VersionId, v.IsLatest]),
      [['k', v1, false]],
    );
    assert.deepEqual(
      listed.DeleteMarkers.map((m) => [m.Key, m.IsLatest]),
      [['k', true]],
    );
    const copied = JSON.parse(
      ok(await l.cli(l.root, ['s3api', 'copy-object', '--bucket', b, '--key', 'k', '--copy-source', `${b}/k?versionId=${v1}`])),
    ) as { CopySourceVersionId: string; VersionId: string };
    assert.equal(copied.CopySourceVersionId, v1);
    assert.notEqual(copied.VersionId, v1);
    const head = JSON.parse(ok(await l.cli(l.root, ['s3api', 'head-object', '--bucket', b, '--key', 'k']))) as { VersionId: string };
    assert.equal(head.VersionId, copied.VersionId);
    const debug = await l.cli(l.root, ['s3api', 'list-object-versions', '--bucket', b, '--debug']);
    assert.match(debug.stderr, /<ListVersionsResult xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/">/);
    assert.match(
      debug.stderr,
      // S3's member order, Owner last (aws-behaviour.md §9.7).
      /<DeleteMarker><Key>k<\/Key><VersionId>[A-Za-z0-9._]{32}<\/VersionId><IsLatest>false<\/IsLatest><LastModified>[^<]+<\/LastModified><Owner><ID>[0-9a-f]{64}<\/ID><\/Owner><\/DeleteMarker>/,
    );
  });
});
