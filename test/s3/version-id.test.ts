/**
 * Version ids on buckets that are never versioned (aws-behaviour.md §9.3, recorded from AWS in LocalStack's
 * test_get_object_with_version_unversioned_bucket, test_delete_object and test_delete_objects), the actions of
 * versioned requests, and `x-amz-checksum-type` on objects stored with a checksum.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { World } from './harness.js';
import { extraOf, makeWorld, putText, rejectsWith } from './harness.js';

const OTHER = 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD';

describe('S3 version ids on an unversioned bucket', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'vbk' });
    await putText(world, 'vbk', 'k', 'test-version');
  });
  afterEach(async () => {
    await world.close();
  });

  it('GetObject/HeadObject/DeleteObject with another id: 400 InvalidArgument "Invalid version id specified"', async () => {
    for (const name of ['GetObject', 'HeadObject', 'DeleteObject']) {
      const error = await rejectsWith(
        world.call(name, { Bucket: 'vbk', Key: 'k', VersionId: OTHER }),
        'InvalidArgument',
        400,
        'Invalid version id specified',
      );
      assert.deepEqual(extraOf(error), { ArgumentName: 'versionId', ArgumentValue: OTHER });
    }
    // Also for a key that does not exist (recorded: delete-nonexistent-object-versionid).
    await rejectsWith(world.call('DeleteObject', { Bucket: 'vbk', Key: 'missing', VersionId: OTHER }), 'InvalidArgument', 400);
    await rejectsWith(world.call('GetObject', { Bucket: 'nope', Key: 'k', VersionId: OTHER }), 'NoSuchBucket', 404);
  });

  it('versionId=null names the object, and answers carry no version id', async () => {
    const got = await world.call('HeadObject', { Bucket: 'vbk', Key: 'k', VersionId: 'null' });
    assert.equal(got['ContentLength'], 12);
    assert.equal('VersionId' in got, false);
    assert.deepEqual(await world.call('DeleteObject', { Bucket: 'vbk', Key: 'k', VersionId: 'null' }), {});
    await rejectsWith(world.call('HeadObject', { Bucket: 'vbk', Key: 'k' }), 'NoSuchKey', 404);
  });

  it('DeleteObjects: another id is a NoSuchVersion entry, the rest are deleted', async () => {
    const out = await world.call('DeleteObjects', {
      Bucket: 'vbk',
      Delete: { Objects: [{ Key: 'k', VersionId: OTHER }, { Key: 'a-wrong-key' }] },
    });
    assert.deepEqual(out, {
      Deleted: [{ Key: 'a-wrong-key' }],
      Errors: [{ Key: 'k', VersionId: OTHER, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' }],
    });
    assert.equal((await world.call('HeadObject', { Bucket: 'vbk', Key: 'k' }))['ContentLength'], 12);
    const quiet = await world.call('DeleteObjects', { Bucket: 'vbk', Delete: { Quiet: true, Objects: [{ Key: 'k', VersionId: 'null' }] } });
    assert.deepEqual(quiet, {});
    await rejectsWith(world.call('HeadObject', { Bucket: 'vbk', Key: 'k' }), 'NoSuchKey', 404);
  });

  it('a request naming a version is decided by the …Version action', () => {
    const checks = (name: string, input: object): string[] => {
      const a = world.ops.get(name)?.authorization;
      assert.ok(a?.kind === 'policy');
      return [
        ...a.resources(input as never, {} as never).map((resource) => `${a.action} ${resource}`),
        ...(a.also?.(input as never, {} as never) ?? []).map((c) => `${c.action} ${c.resource}`),
      ];
    };
    assert.deepEqual(checks('GetObject', { Bucket: 'vbk', Key: 'k' }), ['s3:GetObject arn:aws:s3:::vbk/k']);
    assert.deepEqual(checks('GetObject', { Bucket: 'vbk', Key: 'k', VersionId: 'null' }), ['s3:GetObjectVersion arn:aws:s3:::vbk/k']);
    assert.deepEqual(checks('HeadObject', { Bucket: 'vbk', Key: 'k', VersionId: OTHER }), ['s3:GetObjectVersion arn:aws:s3:::vbk/k']);
    assert.deepEqual(checks('DeleteObject', { Bucket: 'vbk', Key: 'k', VersionId: 'null' }), ['s3:DeleteObjectVersion arn:aws:s3:::vbk/k']);
    assert.deepEqual(checks('DeleteObjects', { Bucket: 'vbk', Delete: { Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'null' }] } }), [
      's3:DeleteObject arn:aws:s3:::vbk/a',
      's3:DeleteObjectVersion arn:aws:s3:::vbk/b',
    ]);
  });

  it('x-amz-checksum-type FULL_OBJECT on PutObject and on GetObject/HeadObject in checksum mode', async () => {
    const put = await putText(world, 'vbk', 'sum', 'hello', { ChecksumAlgorithm: 'CRC32' });
    assert.equal(put['ChecksumType'], 'FULL_OBJECT');
    assert.equal(typeof put['ChecksumCRC32'], 'string');
    const head = await world.call('HeadObject', { Bucket: 'vbk', Key: 'sum', ChecksumMode: 'ENABLED' });
    assert.deepEqual([head['ChecksumType'], head['ChecksumCRC32']], ['FULL_OBJECT', put['ChecksumCRC32']]);
    assert.equal('ChecksumType' in (await world.call('HeadObject', { Bucket: 'vbk', Key: 'sum' })), false);
    // Without a checksum of its own, an object gets S3's default CRC64NVME, also FULL_OBJECT (aws-behaviour.md §9.7).
    const plain = await putText(world, 'vbk', 'plain', 'hello');
    assert.deepEqual([plain['ChecksumType'], typeof plain['ChecksumCRC64NVME']], ['FULL_OBJECT', 'string']);
  });
});
