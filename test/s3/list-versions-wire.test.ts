/**
 * ListObjectVersions on the wire (aws-behaviour.md §9.7): the handler's answer through S3's serialiser, with
 * `<Version>` and `<DeleteMarker>` interleaved by key then newest first, and each element's members in S3's order.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { s3Model } from '../../src/protocol/models/s3.js';
import { serializeS3Response } from '../../src/protocol/rest-xml/serialize-rest-xml-response.js';
import { makeWorld, putText, type World } from './harness.js';

const OPTIONS = { requestId: 'R', hostId: 'H', toWireTime: (ms: number) => ms };

function xmlOf(output: Record<string, unknown>, operation = 'ListObjectVersions'): string {
  const response = serializeS3Response(s3Model, operation, output, OPTIONS);
  assert.equal(response.body.kind, 'xml');
  return response.body.kind === 'xml' ? response.body.text : '';
}

/** Element names directly inside `parent` elements, in document order. */
function childNames(xml: string, parent: string): string[][] {
  return [...xml.matchAll(new RegExp(`<${parent}>(.*?)</${parent}>`, 'g'))].map((m) =>
    [...(m[1] ?? '').matchAll(/<([A-Za-z]+)>(?:(?!<\/\1>).)*<\/\1>/g)].map((c) => c[1] ?? ''),
  );
}

describe('ListObjectVersions as S3 writes it', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'wire' });
    await world.call('PutBucketVersioning', { Bucket: 'wire', VersioningConfiguration: { Status: 'Enabled' } });
  });
  afterEach(() => world.close());

  it('interleaves versions and delete markers by key, newest first, all written in the same millisecond', async () => {
    await putText(world, 'wire', 'a', 'one');
    await world.call('DeleteObject', { Bucket: 'wire', Key: 'a' });
    await putText(world, 'wire', 'a', 'two');
    await world.call('DeleteObject', { Bucket: 'wire', Key: 'b' });
    await putText(world, 'wire', 'c', 'three');
    const xml = xmlOf(await world.call('ListObjectVersions', { Bucket: 'wire' }));
    const sequence = [
      ...xml.matchAll(/<(Version|DeleteMarker)><Key>([^<]*)<\/Key><VersionId>[^<]*<\/VersionId><IsLatest>(true|false)<\/IsLatest>/g),
    ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(sequence, ['Version a true', 'DeleteMarker a false', 'Version a false', 'DeleteMarker b true', 'Version c true']);
  });

  it('writes the root, Version and DeleteMarker members in S3 order, Owner by ID alone', async () => {
    await putText(world, 'wire', 'k', 'text', { ChecksumAlgorithm: 'CRC32', ChecksumCRC32: 'O4unxw==' });
    await world.call('DeleteObject', { Bucket: 'wire', Key: 'k' });
    const xml = xmlOf(await world.call('ListObjectVersions', { Bucket: 'wire', MaxKeys: 1 }));
    const root = /<ListVersionsResult[^>]*>(.*)<\/ListVersionsResult>/.exec(xml)?.[1] ?? '';
    const top = [...root.replace(/<(Version|DeleteMarker)>.*?<\/\1>/g, '<$1/>').matchAll(/<([A-Za-z]+)(?:\/>|>)/g)].map((m) => m[1]);
    assert.deepEqual(
      top.filter((n) => !['ID'].includes(n ?? '')),
      ['Name', 'Prefix', 'KeyMarker', 'VersionIdMarker', 'NextKeyMarker', 'NextVersionIdMarker', 'MaxKeys', 'IsTruncated', 'DeleteMarker'],
    );
    assert.deepEqual(childNames(xml, 'DeleteMarker'), [['Key', 'VersionId', 'IsLatest', 'LastModified', 'Owner']]);
    const all = xmlOf(await world.call('ListObjectVersions', { Bucket: 'wire' }));
    assert.deepEqual(childNames(all, 'Version'), [
      ['Key', 'VersionId', 'IsLatest', 'LastModified', 'ETag', 'ChecksumAlgorithm', 'ChecksumType', 'Size', 'StorageClass', 'Owner'],
    ]);
    assert.match(all, /<Owner><ID>[0-9a-f]{64}<\/ID><\/Owner><\/Version>/);
  });

  it('ListObjects Contents: Owner before StorageClass, as S3 answers', async () => {
    await putText(world, 'wire', 'k', 'text');
    const xml = xmlOf(await world.call('ListObjectsV2', { Bucket: 'wire', FetchOwner: true }), 'ListObjectsV2');
    assert.deepEqual(childNames(xml, 'Contents'), [
      ['Key', 'LastModified', 'ETag', 'ChecksumAlgorithm', 'ChecksumType', 'Size', 'Owner', 'StorageClass'],
    ]);
  });
});
