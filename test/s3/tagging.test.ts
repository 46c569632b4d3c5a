/**
 * S3 object and bucket tagging (aws-behaviour.md §9.4), on the handlers: the answers and errors recorded from
 * AWS, `x-amz-tagging` on PutObject, CopyObject and multipart uploads, tags kept across a restart and gone
 * with the object, and the condition keys each operation declares.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { World } from './harness.js';
import { extraOf, makeWorld, putText, rejectsWith } from './harness.js';

const tagging = (pairs: [string, string][]): { TagSet: { Key: string; Value: string }[] } => ({
  TagSet: pairs.map(([Key, Value]) => ({ Key, Value })),
});

describe('S3 tagging', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'tags' });
    await putText(world, 'tags', 'k', 'hello');
  });
  afterEach(async () => {
    await world.close();
  });

  const tagsOf = async (key: string): Promise<unknown> => (await world.call('GetObjectTagging', { Bucket: 'tags', Key: key }))['TagSet'];

  it('object tags: empty TagSet at first, Put replaces the whole set in its order, Delete clears; TagCount only when tagged', async () => {
    assert.deepEqual(await tagsOf('k'), []);
    assert.equal((await world.call('HeadObject', { Bucket: 'tags', Key: 'k' }))['TagCount'], undefined);
    await world.call('PutObjectTagging', {
      Bucket: 'tags',
      Key: 'k',
      Tagging: tagging([
        ['tag1', 'tag1'],
        ['tag2', ''],
      ]),
    });
    assert.deepEqual(await tagsOf('k'), [
      { Key: 'tag1', Value: 'tag1' },
      { Key: 'tag2', Value: '' },
    ]);
    assert.equal((await world.call('HeadObject', { Bucket: 'tags', Key: 'k' }))['TagCount'], 2);
    await world.call('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: tagging([['tag3', 'tag3']]) });
    assert.deepEqual(await tagsOf('k'), [{ Key: 'tag3', Value: 'tag3' }]);
    assert.equal((await world.call('GetObject', { Bucket: 'tags', Key: 'k' }))['TagCount'], 1);
    await world.call('DeleteObjectTagging', { Bucket: 'tags', Key: 'k' });
    assert.deepEqual(await tagsOf('k'), []);
    assert.equal((await world.call('GetObject', { Bucket: 'tags', Key: 'k' }))['TagCount'], undefined);
    await world.call('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: tagging([['a', 'b']]) });
    await world.call('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: { TagSet: [] } });
    assert.deepEqual(await tagsOf('k'), []);
  });

  it('missing bucket and key: GetObjectTagging names <bucket>/<key>, Put and Delete only the key', async () => {
    await rejectsWith(world.call('GetObjectTagging', { Bucket: 'nope', Key: 'k' }), 'NoSuchBucket', 404);
    const get = await rejectsWith(world.call('GetObjectTagging', { Bucket: 'tags', Key: 'gone' }), 'NoSuchKey', 404);
    assert.equal(extraOf(get)['Key'], 'tags/gone');
    const del = await rejectsWith(world.call('DeleteObjectTagging', { Bucket: 'tags', Key: 'gone' }), 'NoSuchKey', 404);
    assert.equal(extraOf(del)['Key'], 'gone');
    const put = await rejectsWith(world.call('PutObjectTagging', { Bucket: 'tags', Key: 'gone', Tagging: { TagSet: [] } }), 'NoSuchKey', 404);
    assert.equal(extraOf(put)['Key'], 'gone');
  });

  it('TagSet validation: the codes, texts and elements recorded from AWS', async () => {
    const put = (pairs: [string, string][], name = 'PutObjectTagging'): Promise<unknown> =>
      world.call(name, { Bucket: 'tags', Key: 'k', Tagging: tagging(pairs) });
    let error = await rejectsWith(
      put([
        ['Key1', 'Val1'],
        ['Key1', 'Val1'],
      ]),
      'InvalidTag',
      400,
      'Cannot provide multiple Tags with the same key',
    );
    assert.deepEqual(extraOf(error), { TagKey: 'Key1' });
    error = await rejectsWith(put([['Key1,Key2', 'Val1']]), 'InvalidTag', 400, 'The TagKey you have provided is invalid');
    assert.deepEqual(extraOf(error), { TagKey: 'Key1,Key2' });
    error = await rejectsWith(put([['Key1', 'Val1,Val2']], 'PutBucketTagging'), 'InvalidTag', 400, 'The TagValue you have provided is invalid');
    assert.deepEqual(extraOf(error), { TagKey: 'Key1', TagValue: 'Val1,Val2' });
    await rejectsWith(put([['aws:prefixed', 'v']]), 'InvalidTag', 400, 'Your TagKey cannot be prefixed with aws:');
    await rejectsWith(put([['aws:prefixed', 'v']], 'PutBucketTagging'), 'InvalidTag', 400, 'System tags cannot be added/updated by requester');
    await rejectsWith(
      world.call('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: { TagSet: [{ Key: 'x' }] } }),
      'MalformedXML',
      400,
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
    await rejectsWith(put([['k'.repeat(129), 'v']]), 'InvalidTag', 400, 'The TagKey you have provided is too long, max 128');
    await rejectsWith(put([['k', 'v'.repeat(257)]]), 'InvalidTag', 400, 'The TagValue you have provided is too long, max 256');
    await put([
      ['k'.repeat(128), 'v'.repeat(256)],
      ['é ü+-=._:/@9', ''],
    ]);
    const eleven = Array.from({ length: 11 }, (_, i): [string, string] => [`t${i}`, 'v']);
    await rejectsWith(put(eleven), 'BadRequest', 400, 'Object tags cannot be greater than 10');
    await put(eleven.slice(0, 10));
    const fiftyOne = Array.from({ length: 51 }, (_, i): [string, string] => [`t${i}`, 'v']);
    await rejectsWith(put(fiftyOne, 'PutBucketTagging'), 'InvalidTag', 400);
    await put(fiftyOne.slice(0, 50), 'PutBucketTagging');
  });

  it('bucket tags: NoSuchTagSet without tags, Put replaces, an empty set and Delete leave none', async () => {
    const error = await rejectsWith(world.call('GetBucketTagging', { Bucket: 'tags' }), 'NoSuchTagSet', 404, 'The TagSet does not exist');
    assert.deepEqual(extraOf(error), { BucketName: 'tags' });
    await world.call('PutBucketTagging', {
      Bucket: 'tags',
      Tagging: tagging([
        ['tag1', 'tag1'],
        ['tag2', ''],
      ]),
    });
    assert.deepEqual((await world.call('GetBucketTagging', { Bucket: 'tags' }))['TagSet'], [
      { Key: 'tag1', Value: 'tag1' },
      { Key: 'tag2', Value: '' },
    ]);
    await world.call('PutBucketTagging', { Bucket: 'tags', Tagging: { TagSet: [] } });
    await rejectsWith(world.call('GetBucketTagging', { Bucket: 'tags' }), 'NoSuchTagSet', 404);
    await world.call('PutBucketTagging', { Bucket: 'tags', Tagging: tagging([['a', 'b']]) });
    await world.call('DeleteBucketTagging', { Bucket: 'tags' });
    await world.call('DeleteBucketTagging', { Bucket: 'tags' });
    await rejectsWith(world.call('GetBucketTagging', { Bucket: 'tags' }), 'NoSuchTagSet', 404);
    await rejectsWith(world.call('DeleteBucketTagging', { Bucket: 'nope' }), 'NoSuchBucket', 404);
  });

  it('x-amz-tagging on PutObject: a URL-encoded query string, empty segments skipped, a segment without = an empty value', async () => {
    await putText(world, 'tags', 'h', 'x', { Tagging: 'tag1=tag1&tag2=tag2&tag=' });
    assert.deepEqual(await tagsOf('h'), [
      { Key: 'tag1', Value: 'tag1' },
      { Key: 'tag2', Value: 'tag2' },
      { Key: 'tag', Value: '' },
    ]);
    await putText(world, 'tags', 'h', 'x', { Tagging: 'key1&&&key2' });
    assert.deepEqual(await tagsOf('h'), [
      { Key: 'key1', Value: '' },
      { Key: 'key2', Value: '' },
    ]);
    await putText(world, 'tags', 'h', 'x', { Tagging: 'a%20b=c+d%2Fe' });
    assert.deepEqual(await tagsOf('h'), [{ Key: 'a b', Value: 'c d/e' }]);
    const message = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";
    for (const header of ['key1=val1&key1=val2', 'key1=val1,key2=val2', 'k=%zz']) {
      const error = await rejectsWith(putText(world, 'tags', 'bad', '', { Tagging: header }), 'InvalidArgument', 400, message);
      assert.deepEqual(extraOf(error), { ArgumentName: 'x-amz-tagging', ArgumentValue: header });
    }
    await rejectsWith(world.call('HeadObject', { Bucket: 'tags', Key: 'bad' }), 'NoSuchKey', 404);
  });

  it('tags go with the object: an overwrite without tags and a delete leave none', async () => {
    await putText(world, 'tags', 'o', 'create', { Tagging: 'tag1=val1' });
    await putText(world, 'tags', 'o', 'overwrite');
    assert.deepEqual(await tagsOf('o'), []);
    await world.call('PutObjectTagging', { Bucket: 'tags', Key: 'o', Tagging: tagging([['t', 'v']]) });
    await world.call('DeleteObject', { Bucket: 'tags', Key: 'o' });
    await putText(world, 'tags', 'o', 'recreate');
    assert.deepEqual(await tagsOf('o'), []);
  });

  it('CopyObject: COPY (the default) keeps the source tags, REPLACE takes x-amz-tagging or none', async () => {
    await putText(world, 'tags', 'src', 'test', { Tagging: 'key1=value1' });
    const copy = async (key: string, extra: object): Promise<unknown> => {
      await world.call('CopyObject', { Bucket: 'tags', Key: key, CopySource: 'tags/src', ...extra });
      return tagsOf(key);
    };
    assert.deepEqual(await copy('c1', { Tagging: 'key2=value2' }), [{ Key: 'key1', Value: 'value1' }]);
    assert.deepEqual(await copy('c2', { TaggingDirective: 'COPY', Tagging: 'key2=value2' }), [{ Key: 'key1', Value: 'value1' }]);
    assert.deepEqual(await copy('c3', { TaggingDirective: 'REPLACE', Tagging: 'key2=value2' }), [{ Key: 'key2', Value: 'value2' }]);
    assert.deepEqual(await copy('c4', { TaggingDirective: 'REPLACE' }), []);
  });

  it('CreateMultipartUpload: x-amz-tagging is applied at Complete', async () => {
    const created = await world.call('CreateMultipartUpload', { Bucket: 'tags', Key: 'mp', Tagging: 'team=blue' });
    const UploadId = created['UploadId'] as string;
    const part = await world.call('UploadPart', { Bucket: 'tags', Key: 'mp', UploadId, PartNumber: 1, Body: Buffer.from('part') });
    await world.call('CompleteMultipartUpload', {
      Bucket: 'tags',
      Key: 'mp',
      UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part['ETag'] }] },
    });
    assert.deepEqual(await tagsOf('mp'), [{ Key: 'team', Value: 'blue' }]);
    await rejectsWith(world.call('CreateMultipartUpload', { Bucket: 'tags', Key: 'mp', Tagging: 'a=1&a=2' }), 'InvalidArgument', 400);
  });

  it('tags are kept in the store: a restart finds object and bucket tags', async () => {
    await world.call('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: tagging([['team', 'blue']]) });
    await world.call('PutBucketTagging', { Bucket: 'tags', Tagging: tagging([['cost', 'center']]) });
    await world.restart();
    assert.deepEqual(await tagsOf('k'), [{ Key: 'team', Value: 'blue' }]);
    assert.deepEqual((await world.call('GetBucketTagging', { Bucket: 'tags' }))['TagSet'], [{ Key: 'cost', Value: 'center' }]);
  });

  it('actions and condition keys: ExistingObjectTag on reads and tagging, RequestObjectTag on writes that set tags', async () => {
    await world.call('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: tagging([['team', 'blue']]) });
    const policyOf = (name: string) => {
      const authorization = world.ops.get(name)?.authorization;
      assert.ok(authorization?.kind === 'policy', name);
      return authorization;
    };
    const keysOf = (name: string, input: object): unknown => policyOf(name).context?.(input as never, {} as never);
    const existing = { 's3:ExistingObjectTag/team': 'blue' };
    assert.deepEqual(keysOf('GetObject', { Bucket: 'tags', Key: 'k' }), existing);
    assert.deepEqual(keysOf('HeadObject', { Bucket: 'tags', Key: 'k' }), existing);
    assert.deepEqual(keysOf('GetObjectTagging', { Bucket: 'tags', Key: 'k' }), existing);
    assert.deepEqual(keysOf('DeleteObjectTagging', { Bucket: 'tags', Key: 'k' }), existing);
    assert.deepEqual(keysOf('PutObjectTagging', { Bucket: 'tags', Key: 'k', Tagging: tagging([['env', 'prod']]) }), {
      ...existing,
      's3:RequestObjectTag/env': 'prod',
      's3:RequestObjectTagKeys': ['env'],
    });
    assert.deepEqual(keysOf('PutObject', { Bucket: 'tags', Key: 'k', Tagging: 'a=1&b=2' }), {
      's3:RequestObjectTag/a': '1',
      's3:RequestObjectTag/b': '2',
      's3:RequestObjectTagKeys': ['a', 'b'],
    });
    assert.deepEqual(keysOf('PutObject', { Bucket: 'tags', Key: 'k' }), {});
    const also = policyOf('PutObject').also?.({ Bucket: 'tags', Key: 'k', Tagging: 'a=1' }, {} as never) ?? [];
    assert.deepEqual(
      also.map((c) => [c.action, c.resource]),
      [['s3:PutObjectTagging', 'arn:aws:s3:::tags/k']],
    );
    const actions: [string, string][] = [
      ['PutObjectTagging', 's3:PutObjectTagging'],
      ['GetObjectTagging', 's3:GetObjectTagging'],
      ['DeleteObjectTagging', 's3:DeleteObjectTagging'],
      ['PutBucketTagging', 's3:PutBucketTagging'],
      ['GetBucketTagging', 's3:GetBucketTagging'],
      ['DeleteBucketTagging', 's3:PutBucketTagging'],
    ];
    for (const [name, action] of actions) assert.equal(policyOf(name).action, action, name);
    const versioned = policyOf('GetObjectTagging').also?.({ Bucket: 'tags', Key: 'k', VersionId: 'null' }, {} as never) ?? [];
    assert.deepEqual(
      versioned.map((c) => [c.action, c.context]),
      [['s3:GetObjectVersionTagging', existing]],
    );
  });
});
