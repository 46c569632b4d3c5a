import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MIN_PART_BYTES, multipartEtag } from '../../src/services/s3/index.js';
import { collect, extraOf, generated, makeWorld, md5Hex, putText, rejectsWith, type World } from './harness.js';

describe('S3 multipart uploads', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'mpu' });
  });
  afterEach(() => world.close());

  async function start(key = 'obj'): Promise<string> {
    const out = await world.call('CreateMultipartUpload', { Bucket: 'mpu', Key: key, ContentType: 'text/csv', Metadata: { K: 'v' } });
    assert.equal(out['Bucket'], 'mpu');
    return out['UploadId'] as string;
  }
  const part = (uploadId: string, n: number, body: AsyncIterable<Uint8Array> | Buffer, key = 'obj') =>
    world.call('UploadPart', { Bucket: 'mpu', Key: key, UploadId: uploadId, PartNumber: n, Body: body });

  it('completes with ETag = md5 of part md5s + -N, and the object is the parts concatenated', async () => {
    const id = await start();
    const first = await part(id, 1, generated(MIN_PART_BYTES, 1));
    const second = await part(id, 2, Buffer.from('tail'));
    const expectedFirst = createHash('md5');
    for await (const c of generated(MIN_PART_BYTES, 1)) expectedFirst.update(c);
    const md5First = expectedFirst.digest('hex');
    assert.equal(first['ETag'], `"${md5First}"`);
    const listed = await world.call('ListParts', { Bucket: 'mpu', Key: 'obj', UploadId: id });
    assert.deepEqual(
      (listed['Parts'] as { PartNumber: number; Size: number }[]).map((p) => [p.PartNumber, p.Size]),
      [
        [1, MIN_PART_BYTES],
        [2, 4],
      ],
    );
    const done = await world.call('CompleteMultipartUpload', {
      Bucket: 'mpu',
      Key: 'obj',
      UploadId: id,
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: first['ETag'] },
          { PartNumber: 2, ETag: second['ETag'] },
        ],
      },
    });
    const etag = multipartEtag([md5First, md5Hex(Buffer.from('tail'))]);
    const manual = createHash('md5')
      .update(Buffer.concat([Buffer.from(md5First, 'hex'), createHash('md5').update('tail').digest()]))
      .digest('hex');
    assert.equal(etag, `"${manual}-2"`);
    assert.equal(done['ETag'], etag);
    const head = await world.call('HeadObject', { Bucket: 'mpu', Key: 'obj' });
    assert.equal(head['ETag'], etag);
    assert.equal(head['ContentLength'], MIN_PART_BYTES + 4);
    assert.equal(head['ContentType'], 'text/csv');
    assert.deepEqual(head['Metadata'], { k: 'v' });
    assert.equal(head['PartsCount'], 2);
    const tail = await world.call('GetObject', { Bucket: 'mpu', Key: 'obj', Range: `bytes=${MIN_PART_BYTES}-` });
    assert.equal((await collect(tail['Body'])).toString(), 'tail');
    await rejectsWith(world.call('ListParts', { Bucket: 'mpu', Key: 'obj', UploadId: id }), 'NoSuchUpload', 404);
  });

  it('InvalidPartOrder, InvalidPart, EntityTooSmall and MalformedXML', async () => {
    const id = await start();
    const one = await part(id, 1, Buffer.from('small'));
    const two = await part(id, 2, Buffer.from('last'));
    const complete = (parts: object[]) =>
      world.call('CompleteMultipartUpload', { Bucket: 'mpu', Key: 'obj', UploadId: id, MultipartUpload: { Parts: parts } });
    await rejectsWith(
      complete([
        { PartNumber: 2, ETag: two['ETag'] },
        { PartNumber: 1, ETag: one['ETag'] },
      ]),
      'InvalidPartOrder',
      400,
    );
    const ip = await rejectsWith(complete([{ PartNumber: 1, ETag: '"0000"' }]), 'InvalidPart', 400);
    assert.equal(extraOf(ip)['PartNumber'], '1');
    await rejectsWith(complete([{ PartNumber: 3, ETag: one['ETag'] }]), 'InvalidPart', 400);
    const small = await rejectsWith(
      complete([
        { PartNumber: 1, ETag: one['ETag'] },
        { PartNumber: 2, ETag: two['ETag'] },
      ]),
      'EntityTooSmall',
      400,
    );
    assert.deepEqual(extraOf(small), {
      ProposedSize: '5',
      MinSizeAllowed: String(MIN_PART_BYTES),
      PartNumber: '1',
      ETag: md5Hex(Buffer.from('small')),
    });
    await rejectsWith(complete([]), 'MalformedXML', 400);
    // A single small part is fine: the last part has no minimum.
    const done = await complete([{ PartNumber: 1, ETag: one['ETag'] }]);
    assert.equal(done['ETag'], multipartEtag([md5Hex(Buffer.from('small'))]));
  });

  it('UploadPart checks the part number and the upload; re-uploading a part replaces it', async () => {
    const id = await start();
    await rejectsWith(part(id, 0, Buffer.from('x')), 'InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive');
    await rejectsWith(part(id, 10001, Buffer.from('x')), 'InvalidArgument', 400);
    const e = await rejectsWith(part('no-such-id', 1, Buffer.from('x')), 'NoSuchUpload', 404);
    assert.equal(extraOf(e)['UploadId'], 'no-such-id');
    await rejectsWith(part(id, 1, Buffer.from('x'), 'other-key'), 'NoSuchUpload', 404);
    await part(id, 1, Buffer.from('old'));
    const oldBlob = world.state.upload(id)?.parts['1']?.blobKey ?? '';
    await part(id, 1, Buffer.from('new!'));
    assert.equal(await world.blobs.exists(oldBlob), false);
    const listed = await world.call('ListParts', { Bucket: 'mpu', Key: 'obj', UploadId: id });
    assert.deepEqual(
      (listed['Parts'] as { Size: number }[]).map((p) => p.Size),
      [4],
    );
  });

  it('AbortMultipartUpload removes the upload and its parts; ListMultipartUploads pages by key', async () => {
    const a = await start('a');
    const b = await start('b');
    const c = await start('c');
    const blob = (await part(a, 1, Buffer.from('x'), 'a'), world.state.upload(a)?.parts['1']?.blobKey ?? '');
    const page = await world.call('ListMultipartUploads', { Bucket: 'mpu', MaxUploads: 2 });
    assert.deepEqual(
      (page['Uploads'] as { Key: string }[]).map((u) => u.Key),
      ['a', 'b'],
    );
    assert.equal(page['IsTruncated'], true);
    assert.equal(page['NextKeyMarker'], 'b');
    assert.equal(page['NextUploadIdMarker'], b);
    const rest = await world.call('ListMultipartUploads', { Bucket: 'mpu', KeyMarker: 'b', UploadIdMarker: b });
    assert.deepEqual(
      (rest['Uploads'] as { UploadId: string }[]).map((u) => u.UploadId),
      [c],
    );
    assert.deepEqual(await world.call('AbortMultipartUpload', { Bucket: 'mpu', Key: 'a', UploadId: a }), {});
    assert.equal(await world.blobs.exists(blob), false);
    await rejectsWith(world.call('AbortMultipartUpload', { Bucket: 'mpu', Key: 'a', UploadId: a }), 'NoSuchUpload', 404);
    const left = await world.call('ListMultipartUploads', { Bucket: 'mpu', Prefix: 'c' });
    assert.deepEqual(
      (left['Uploads'] as { Key: string }[]).map((u) => u.Key),
      ['c'],
    );
  });
});

describe('S3 CopyObject', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'src' });
    await world.call('CreateBucket', { Bucket: 'dst' });
    await putText(world, 'src', 'dir/a b+c.txt', 'payload', { ContentType: 'text/plain', Metadata: { origin: 'src' } });
  });
  afterEach(() => world.close());

  it('copies bytes and metadata from a URL-encoded source (COPY directive)', async () => {
    world.wallMs += 60_000;
    const out = await world.call('CopyObject', { Bucket: 'dst', Key: 'copy', CopySource: '/src/dir/a%20b%2Bc.txt' });
    const result = out['CopyObjectResult'] as { ETag: string; LastModified: number };
    assert.equal(result.ETag, `"${md5Hex(Buffer.from('payload'))}"`);
    assert.equal(result.LastModified, world.clock.now());
    const got = await world.call('GetObject', { Bucket: 'dst', Key: 'copy' });
    assert.equal((await collect(got['Body'])).toString(), 'payload');
    assert.equal(got['ContentType'], 'text/plain');
    assert.deepEqual(got['Metadata'], { origin: 'src' });
    await world.call('CopyObject', { Bucket: 'dst', Key: 'copy2', CopySource: 'src/dir/a%20b%2Bc.txt?versionId=null' });
  });

  it('REPLACE takes metadata from the request; a self-copy must change something', async () => {
    await rejectsWith(world.call('CopyObject', { Bucket: 'src', Key: 'dir/a b+c.txt', CopySource: 'src/dir/a%20b%2Bc.txt' }), 'InvalidRequest', 400);
    await world.call('CopyObject', {
      Bucket: 'src',
      Key: 'dir/a b+c.txt',
      CopySource: 'src/dir/a%20b%2Bc.txt',
      MetadataDirective: 'REPLACE',
      Metadata: { fresh: 'yes' },
    });
    const head = await world.call('HeadObject', { Bucket: 'src', Key: 'dir/a b+c.txt' });
    assert.deepEqual(head['Metadata'], { fresh: 'yes' });
    assert.equal(head['ContentType'], 'binary/octet-stream');
    assert.equal((await collect((await world.call('GetObject', { Bucket: 'src', Key: 'dir/a b+c.txt' }))['Body'])).toString(), 'payload');
  });

  it('missing source bucket or key, bad copy source, copy-source conditions', async () => {
    await rejectsWith(world.call('CopyObject', { Bucket: 'dst', Key: 'k', CopySource: 'nobucket/x' }), 'NoSuchBucket', 404);
    await rejectsWith(world.call('CopyObject', { Bucket: 'dst', Key: 'k', CopySource: 'src/nokey' }), 'NoSuchKey', 404);
    await rejectsWith(world.call('CopyObject', { Bucket: 'dst', Key: 'k', CopySource: 'justbucket' }), 'InvalidArgument', 400);
    await rejectsWith(world.call('CopyObject', { Bucket: 'nodst', Key: 'k', CopySource: 'src/dir/a%20b%2Bc.txt' }), 'NoSuchBucket', 404);
    const e = await rejectsWith(
      world.call('CopyObject', { Bucket: 'dst', Key: 'k', CopySource: 'src/dir/a%20b%2Bc.txt', CopySourceIfMatch: '"nope"' }),
      'PreconditionFailed',
      412,
    );
    assert.equal(extraOf(e)['Condition'], 'x-amz-copy-source-If-Match');
    await rejectsWith(
      world.call('CopyObject', { Bucket: 'dst', Key: 'k', CopySource: 'src/dir/a%20b%2Bc.txt', CopySourceIfNoneMatch: '*' }),
      'PreconditionFailed',
      412,
    );
  });
});
