import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeWorld, putText, rejectsWith, type World } from './harness.js';

const keysOf = (out: Record<string, unknown>): string[] => ((out['Contents'] ?? []) as { Key: string }[]).map((o) => o.Key);
const prefixesOf = (out: Record<string, unknown>): string[] => ((out['CommonPrefixes'] ?? []) as { Prefix: string }[]).map((p) => p.Prefix);

describe('S3 listings', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'lst' });
    for (const key of ['a/1', 'a/2', 'a/b/3', 'b', 'c/x', 'c/y', 'd', 'é']) await putText(world, 'lst', key, key);
  });
  afterEach(() => world.close());

  it('ListObjectsV2 lists every key in UTF-8 order with sizes and quoted ETags', async () => {
    const out = await world.call('ListObjectsV2', { Bucket: 'lst' });
    assert.deepEqual(keysOf(out), ['a/1', 'a/2', 'a/b/3', 'b', 'c/x', 'c/y', 'd', 'é']);
    assert.equal(out['KeyCount'], 8);
    assert.equal(out['IsTruncated'], false);
    assert.equal(out['MaxKeys'], 1000);
    const first = (out['Contents'] as { Size: number; ETag: string; StorageClass: string }[])[0];
    assert.equal(first?.Size, 3);
    assert.match(first?.ETag ?? '', /^"[0-9a-f]{32}"$/);
    assert.equal(first?.StorageClass, 'STANDARD');
    await rejectsWith(world.call('ListObjectsV2', { Bucket: 'none' }), 'NoSuchBucket', 404);
  });

  it('a delimiter rolls keys up into CommonPrefixes, each counting once toward MaxKeys', async () => {
    const out = await world.call('ListObjectsV2', { Bucket: 'lst', Delimiter: '/' });
    assert.deepEqual(keysOf(out), ['b', 'd', 'é']);
    assert.deepEqual(prefixesOf(out), ['a/', 'c/']);
    assert.equal(out['KeyCount'], 5);
    const under = await world.call('ListObjectsV2', { Bucket: 'lst', Delimiter: '/', Prefix: 'a/' });
    assert.deepEqual(keysOf(under), ['a/1', 'a/2']);
    assert.deepEqual(prefixesOf(under), ['a/b/']);
  });

  it('V2 pages with MaxKeys and NextContinuationToken, including across a common prefix', async () => {
    const seen: string[] = [];
    let token: unknown;
    let pages = 0;
    do {
      const out = await world.call('ListObjectsV2', {
        Bucket: 'lst',
        Delimiter: '/',
        MaxKeys: 2,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      });
      seen.push(...keysOf(out), ...prefixesOf(out));
      token = out['NextContinuationToken'];
      assert.equal(out['IsTruncated'], token !== undefined);
      pages++;
    } while (token !== undefined);
    assert.deepEqual(seen.sort(), ['a/', 'b', 'c/', 'd', 'é']);
    assert.equal(pages, 3);
    await rejectsWith(
      world.call('ListObjectsV2', { Bucket: 'lst', ContinuationToken: 'garbage' }),
      'InvalidArgument',
      400,
      'The continuation token provided is incorrect',
    );
  });

  it('StartAfter, MaxKeys 0 and EncodingType url', async () => {
    assert.deepEqual(keysOf(await world.call('ListObjectsV2', { Bucket: 'lst', StartAfter: 'c/x' })), ['c/y', 'd', 'é']);
    const none = await world.call('ListObjectsV2', { Bucket: 'lst', MaxKeys: 0 });
    assert.deepEqual(keysOf(none), []);
    const encoded = await world.call('ListObjectsV2', { Bucket: 'lst', Prefix: 'é', EncodingType: 'url' });
    assert.deepEqual(keysOf(encoded), ['%C3%A9']);
    assert.equal(encoded['EncodingType'], 'url');
  });

  it('ListObjects (v1) pages with Marker/NextMarker and returns owners', async () => {
    const first = await world.call('ListObjects', { Bucket: 'lst', MaxKeys: 3 });
    assert.deepEqual(keysOf(first), ['a/1', 'a/2', 'a/b/3']);
    assert.equal(first['IsTruncated'], true);
    assert.equal(first['NextMarker'], 'a/b/3');
    assert.ok((first['Contents'] as { Owner?: unknown }[])[0]?.Owner !== undefined);
    const rest = await world.call('ListObjects', { Bucket: 'lst', Marker: first['NextMarker'] });
    assert.deepEqual(keysOf(rest), ['b', 'c/x', 'c/y', 'd', 'é']);
    assert.equal(rest['IsTruncated'], false);
    assert.equal(rest['Marker'], 'a/b/3');
    // A marker that is a common prefix skips its whole group.
    const grouped = await world.call('ListObjects', { Bucket: 'lst', Delimiter: '/', Marker: 'a/' });
    assert.deepEqual(prefixesOf(grouped), ['c/']);
    assert.deepEqual(keysOf(grouped), ['b', 'd', 'é']);
  });
});
