import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { bucketOwnerOf, canonicalUserId } from '../../src/services/s3/index.js';
import { ACCOUNT, extraOf, makeWorld, OTHER_ACCOUNT, putText, rejectsWith, userIn, type World } from './harness.js';

describe('S3 buckets', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
  });
  afterEach(() => world.close());

  it('CreateBucket in us-east-1 answers Location /name and ListBuckets lists it with the owner', async () => {
    assert.deepEqual(await world.call('CreateBucket', { Bucket: 'my-bucket' }), { Location: '/my-bucket' });
    const list = await world.call('ListBuckets', {});
    assert.deepEqual(list['Buckets'], [{ Name: 'my-bucket', CreationDate: world.clock.now(), BucketRegion: 'us-east-1' }]);
    assert.equal((list['Owner'] as { ID: string }).ID, canonicalUserId(ACCOUNT));
    assert.equal('ContinuationToken' in list, false);
  });

  it('bucket names are global: another account gets BucketAlreadyExists, the owner BucketAlreadyOwnedByYou outside us-east-1', async () => {
    await world.call('CreateBucket', { Bucket: 'shared-name' });
    const e = await rejectsWith(world.call('CreateBucket', { Bucket: 'shared-name' }, userIn(OTHER_ACCOUNT)), 'BucketAlreadyExists', 409);
    assert.equal(extraOf(e)['BucketName'], 'shared-name');
    // The us-east-1 exception: re-creating your own bucket there succeeds.
    assert.deepEqual(await world.call('CreateBucket', { Bucket: 'shared-name' }), { Location: '/shared-name' });
    world.region = 'eu-west-1';
    await world.call('CreateBucket', { Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    await rejectsWith(
      world.call('CreateBucket', { Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
    );
    // Other accounts do not see each other's buckets in ListBuckets.
    assert.deepEqual((await world.call('ListBuckets', {}, userIn(OTHER_ACCOUNT)))['Buckets'], []);
  });

  it('LocationConstraint rules: us-east-1 is invalid, a missing or different constraint is illegal elsewhere', async () => {
    await rejectsWith(
      world.call('CreateBucket', { Bucket: 'b-one', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' } }),
      'InvalidLocationConstraint',
      400,
    );
    world.region = 'eu-central-1';
    await rejectsWith(
      world.call('CreateBucket', { Bucket: 'b-one' }),
      'IllegalLocationConstraintException',
      400,
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
    );
    await rejectsWith(
      world.call('CreateBucket', { Bucket: 'b-one', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
      'IllegalLocationConstraintException',
      400,
    );
    const created = await world.call('CreateBucket', { Bucket: 'b-one', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } });
    assert.equal(created['Location'], 'http://b-one.s3.amazonaws.com/');
    assert.deepEqual(await world.call('GetBucketLocation', { Bucket: 'b-one' }), { LocationConstraint: 'eu-central-1' });
    assert.deepEqual(await world.call('HeadBucket', { Bucket: 'b-one' }), { BucketRegion: 'eu-central-1', AccessPointAlias: false });
    world.region = 'us-east-1';
    await world.call('CreateBucket', { Bucket: 'b-two' });
    assert.deepEqual(await world.call('GetBucketLocation', { Bucket: 'b-two' }), {});
  });

  it('bucket name rules', async () => {
    for (const bad of [
      'ab',
      'a'.repeat(64),
      'Upper',
      'has_underscore',
      '-start',
      'end-',
      'two..dots',
      '192.168.1.1',
      'xn--abc',
      'foo-s3alias',
      'sthree-x',
    ]) {
      await rejectsWith(world.call('CreateBucket', { Bucket: bad }), 'InvalidBucketName', 400, 'The specified bucket is not valid.');
    }
    for (const good of ['abc', 'a.b-c', '1bucket', 'a'.repeat(63)]) await world.call('CreateBucket', { Bucket: good });
  });

  it('ListBuckets pages with MaxBuckets and ContinuationToken and filters by Prefix', async () => {
    for (const name of ['b-3', 'a-1', 'b-1', 'b-2']) await world.call('CreateBucket', { Bucket: name });
    const first = await world.call('ListBuckets', { MaxBuckets: 2 });
    assert.deepEqual(
      (first['Buckets'] as { Name: string }[]).map((b) => b.Name),
      ['a-1', 'b-1'],
    );
    const second = await world.call('ListBuckets', { MaxBuckets: 2, ContinuationToken: first['ContinuationToken'] });
    assert.deepEqual(
      (second['Buckets'] as { Name: string }[]).map((b) => b.Name),
      ['b-2', 'b-3'],
    );
    assert.equal('ContinuationToken' in second, false);
    const prefixed = await world.call('ListBuckets', { Prefix: 'b-' });
    assert.deepEqual(
      (prefixed['Buckets'] as { Name: string }[]).map((b) => b.Name),
      ['b-1', 'b-2', 'b-3'],
    );
    assert.equal(prefixed['Prefix'], 'b-');
    await rejectsWith(world.call('ListBuckets', { MaxBuckets: 0 }), 'InvalidArgument', 400);
  });

  it('DeleteBucket: NoSuchBucket, BucketNotEmpty, then 204; HeadBucket and GetBucketLocation 404 after', async () => {
    const missing = await rejectsWith(world.call('DeleteBucket', { Bucket: 'nope' }), 'NoSuchBucket', 404, 'The specified bucket does not exist');
    assert.equal(extraOf(missing)['BucketName'], 'nope');
    await world.call('CreateBucket', { Bucket: 'full' });
    await putText(world, 'full', 'k', 'x');
    await rejectsWith(world.call('DeleteBucket', { Bucket: 'full' }), 'BucketNotEmpty', 409, 'The bucket you tried to delete is not empty');
    await world.call('DeleteObject', { Bucket: 'full', Key: 'k' });
    // An unfinished multipart upload goes with the bucket.
    await world.call('CreateMultipartUpload', { Bucket: 'full', Key: 'mp' });
    assert.deepEqual(await world.call('DeleteBucket', { Bucket: 'full' }), {});
    await rejectsWith(world.call('HeadBucket', { Bucket: 'full' }), 'NoSuchBucket', 404);
    await rejectsWith(world.call('GetBucketLocation', { Bucket: 'full' }), 'NoSuchBucket', 404);
  });

  it('bucket policy: validated as a resource policy, readable by the authorizer, NoSuchBucketPolicy when absent', async () => {
    await world.call('CreateBucket', { Bucket: 'pol' });
    const e = await rejectsWith(world.call('GetBucketPolicy', { Bucket: 'pol' }), 'NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    assert.equal(extraOf(e)['BucketName'], 'pol');
    await rejectsWith(
      world.call('PutBucketPolicy', { Bucket: 'pol', Policy: '{not json' }),
      'MalformedPolicy',
      400,
      'This policy contains invalid Json',
    );
    const noPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' }],
    });
    await rejectsWith(world.call('PutBucketPolicy', { Bucket: 'pol', Policy: noPrincipal }), 'MalformedPolicy', 400);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' },
      ],
    });
    assert.deepEqual(await world.call('PutBucketPolicy', { Bucket: 'pol', Policy: policy }), {});
    assert.deepEqual(await world.call('GetBucketPolicy', { Bucket: 'pol' }), { Policy: policy });
    assert.equal(bucketOwnerOf(world.state, 'pol')?.policy, policy);
    await world.restart();
    assert.equal(bucketOwnerOf(world.state, 'pol')?.policy, policy);
    assert.deepEqual(await world.call('DeleteBucketPolicy', { Bucket: 'pol' }), {});
    assert.deepEqual(await world.call('DeleteBucketPolicy', { Bucket: 'pol' }), {});
    assert.equal(bucketOwnerOf(world.state, 'pol')?.policy, undefined);
    await rejectsWith(world.call('PutBucketPolicy', { Bucket: 'nope', Policy: policy }), 'NoSuchBucket', 404);
  });

  it('operations declare S3 actions and ARNs with empty region and account (§5.6)', async () => {
    const auth = (name: string) => {
      const a = world.ops.get(name)?.authorization;
      assert.ok(a !== undefined && a.kind === 'policy');
      return a;
    };
    const ctx = {} as never;
    const cases: [string, object, string, string[]][] = [
      ['ListBuckets', {}, 's3:ListAllMyBuckets', ['*']],
      ['CreateBucket', { Bucket: 'b' }, 's3:CreateBucket', ['arn:aws:s3:::b']],
      ['ListObjectsV2', { Bucket: 'b' }, 's3:ListBucket', ['arn:aws:s3:::b']],
      ['HeadBucket', { Bucket: 'b' }, 's3:ListBucket', ['arn:aws:s3:::b']],
      ['PutObject', { Bucket: 'b', Key: 'a/k' }, 's3:PutObject', ['arn:aws:s3:::b/a/k']],
      ['GetObject', { Bucket: 'b', Key: 'k' }, 's3:GetObject', ['arn:aws:s3:::b/k']],
      ['HeadObject', { Bucket: 'b', Key: 'k' }, 's3:GetObject', ['arn:aws:s3:::b/k']],
      ['DeleteObject', { Bucket: 'b', Key: 'k' }, 's3:DeleteObject', ['arn:aws:s3:::b/k']],
      [
        'DeleteObjects',
        { Bucket: 'b', Delete: { Objects: [{ Key: 'x' }, { Key: 'y' }] } },
        's3:DeleteObject',
        ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y'],
      ],
      ['PutBucketPolicy', { Bucket: 'b' }, 's3:PutBucketPolicy', ['arn:aws:s3:::b']],
      ['AbortMultipartUpload', { Bucket: 'b', Key: 'k' }, 's3:AbortMultipartUpload', ['arn:aws:s3:::b/k']],
      ['ListMultipartUploads', { Bucket: 'b' }, 's3:ListBucketMultipartUploads', ['arn:aws:s3:::b']],
      ['ListParts', { Bucket: 'b', Key: 'k' }, 's3:ListMultipartUploadParts', ['arn:aws:s3:::b/k']],
      // aws-behaviour.md §9.6.
      ['GetBucketAcl', { Bucket: 'b' }, 's3:GetBucketAcl', ['arn:aws:s3:::b']],
      ['PutBucketAcl', { Bucket: 'b' }, 's3:PutBucketAcl', ['arn:aws:s3:::b']],
      ['GetObjectAcl', { Bucket: 'b', Key: 'k' }, 's3:GetObjectAcl', ['arn:aws:s3:::b/k']],
      ['PutObjectAcl', { Bucket: 'b', Key: 'k' }, 's3:PutObjectAcl', ['arn:aws:s3:::b/k']],
      ['GetBucketOwnershipControls', { Bucket: 'b' }, 's3:GetBucketOwnershipControls', ['arn:aws:s3:::b']],
      ['PutBucketOwnershipControls', { Bucket: 'b' }, 's3:PutBucketOwnershipControls', ['arn:aws:s3:::b']],
      ['DeleteBucketOwnershipControls', { Bucket: 'b' }, 's3:PutBucketOwnershipControls', ['arn:aws:s3:::b']],
      ['GetPublicAccessBlock', { Bucket: 'b' }, 's3:GetBucketPublicAccessBlock', ['arn:aws:s3:::b']],
      ['PutPublicAccessBlock', { Bucket: 'b' }, 's3:PutBucketPublicAccessBlock', ['arn:aws:s3:::b']],
      ['DeletePublicAccessBlock', { Bucket: 'b' }, 's3:PutBucketPublicAccessBlock', ['arn:aws:s3:::b']],
      ['GetBucketPolicyStatus', { Bucket: 'b' }, 's3:GetBucketPolicyStatus', ['arn:aws:s3:::b']],
    ];
    for (const [name, input, action, resources] of cases) {
      const a = auth(name);
      assert.equal(a.action, action, name);
      assert.deepEqual(a.resources(input as never, ctx), resources, name);
    }
    const copy = auth('CopyObject');
    assert.deepEqual(copy.also?.({ Bucket: 'b', Key: 'k', CopySource: 'src/a%20b' }, ctx), [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::src/a b' },
    ]);
    const versioned = auth('GetObjectAcl');
    assert.deepEqual(versioned.resources({ Bucket: 'b', Key: 'k', VersionId: 'null' }, ctx), []);
    assert.deepEqual(versioned.also?.({ Bucket: 'b', Key: 'k', VersionId: 'null' }, ctx), [
      { action: 's3:GetObjectVersionAcl', resource: 'arn:aws:s3:::b/k' },
    ]);
    assert.equal(world.ops.size, 83);
  });
});
