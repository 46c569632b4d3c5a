import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Crc32, Crc64Nvme } from '../../src/store/blob/index.js';
import { collect, extraOf, generated, makeWorld, md5Base64, md5Hex, putText, rejectsWith, type World } from './harness.js';

describe('S3 objects', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'bkt' });
  });
  afterEach(() => world.close());

  it('PutObject stores the body, metadata and headers; GetObject/HeadObject return them', async () => {
    const put = await putText(world, 'bkt', 'dir/a.txt', 'hello', {
      ContentType: 'text/plain',
      CacheControl: 'max-age=60',
      ContentEncoding: 'aws-chunked',
      Metadata: { Colour: 'blue' },
    });
    // No checksum sent: S3's default CRC64NVME, answered as a whole-object checksum (aws-behaviour.md §9.7).
    assert.deepEqual(put, {
      ETag: `"${md5Hex(Buffer.from('hello'))}"`,
      ChecksumCRC64NVME: new Crc64Nvme().update(Buffer.from('hello')).digest().toString('base64'),
      ChecksumType: 'FULL_OBJECT',
      ServerSideEncryption: 'AES256',
    });
    const got = await world.call('GetObject', { Bucket: 'bkt', Key: 'dir/a.txt' });
    assert.equal((await collect(got['Body'])).toString(), 'hello');
    assert.equal(got['ContentType'], 'text/plain');
    assert.equal(got['CacheControl'], 'max-age=60');
    assert.equal('ContentEncoding' in got, false, 'aws-chunked is a transfer encoding and not stored');
    assert.equal(got['ContentLength'], 5);
    assert.equal(got['AcceptRanges'], 'bytes');
    assert.equal(got['LastModified'], world.clock.now());
    assert.deepEqual(got['Metadata'], { colour: 'blue' });
    const head = await world.call('HeadObject', { Bucket: 'bkt', Key: 'dir/a.txt' });
    assert.equal(head['ETag'], put['ETag']);
    assert.equal('Body' in head, false);
    const plain = await putText(world, 'bkt', 'b', '');
    assert.equal(plain['ETag'], '"d41d8cd98f00b204e9800998ecf8427e"');
    assert.equal((await world.call('HeadObject', { Bucket: 'bkt', Key: 'b' }))['ContentType'], 'binary/octet-stream');
  });

  it('NoSuchBucket and NoSuchKey carry BucketName and Key', async () => {
    const nb = await rejectsWith(putText(world, 'missing', 'k', 'x'), 'NoSuchBucket', 404);
    assert.equal(extraOf(nb)['BucketName'], 'missing');
    const nk = await rejectsWith(world.call('GetObject', { Bucket: 'bkt', Key: 'nope' }), 'NoSuchKey', 404, 'The specified key does not exist.');
    assert.equal(extraOf(nk)['Key'], 'nope');
    await rejectsWith(world.call('HeadObject', { Bucket: 'bkt', Key: 'nope' }), 'NoSuchKey', 404);
    await rejectsWith(world.call('GetObject', { Bucket: 'missing', Key: 'nope' }), 'NoSuchBucket', 404);
  });

  it('streams a 20 MiB body through the BlobStore without holding it whole', async () => {
    const size = 20 * 1024 * 1024;
    const expected = createHash('md5');
    for await (const chunk of generated(size)) expected.update(chunk);
    const md5 = expected.digest('hex');
    const put = await world.call('PutObject', { Bucket: 'bkt', Key: 'big', Body: generated(size), ContentLength: size });
    assert.equal(put['ETag'], `"${md5}"`);
    const got = await world.call('GetObject', { Bucket: 'bkt', Key: 'big' });
    assert.equal(got['ContentLength'], size);
    const back = createHash('md5');
    let length = 0;
    for await (const chunk of got['Body'] as AsyncIterable<Uint8Array>) {
      assert.ok(chunk.length <= 1024 * 1024, 'read in chunks');
      back.update(chunk);
      length += chunk.length;
    }
    assert.equal(length, size);
    assert.equal(back.digest('hex'), md5);
  });

  it('Content-MD5: malformed is InvalidDigest, mismatched is BadDigest, and nothing is stored', async () => {
    await rejectsWith(putText(world, 'bkt', 'k', 'abc', { ContentMD5: 'nope' }), 'InvalidDigest', 400, 'The Content-MD5 you specified is not valid.');
    const e = await rejectsWith(
      putText(world, 'bkt', 'k', 'abc', { ContentMD5: md5Base64(Buffer.from('abd')) }),
      'BadDigest',
      400,
      'The Content-MD5 you specified did not match what we received.',
    );
    assert.equal(extraOf(e)['ExpectedDigest'], md5Hex(Buffer.from('abd')));
    await rejectsWith(world.call('HeadObject', { Bucket: 'bkt', Key: 'k' }), 'NoSuchKey', 404);
    await putText(world, 'bkt', 'k', 'abc', { ContentMD5: md5Base64(Buffer.from('abc')) });
    await rejectsWith(putText(world, 'bkt', 'k2', 'abc', { ContentLength: 4 }), 'IncompleteBody', 400);
  });

  it('flexible checksums are verified, echoed and returned with ChecksumMode', async () => {
    const crc = new Crc32('crc32').update(Buffer.from('abc')).digest().toString('base64');
    await rejectsWith(
      putText(world, 'bkt', 'k', 'abc', { ChecksumCRC32: 'AAAAAA==' }),
      'BadDigest',
      400,
      'The CRC32 you specified did not match the calculated checksum.',
    );
    const put = await putText(world, 'bkt', 'k', 'abc', { ChecksumCRC32: crc });
    assert.equal(put['ChecksumCRC32'], crc);
    const asked = await putText(world, 'bkt', 'k2', 'abc', { ChecksumAlgorithm: 'SHA256' });
    assert.equal(asked['ChecksumSHA256'], createHash('sha256').update('abc').digest('base64'));
    assert.equal('ChecksumCRC32' in (await world.call('HeadObject', { Bucket: 'bkt', Key: 'k' })), false);
    assert.equal((await world.call('HeadObject', { Bucket: 'bkt', Key: 'k', ChecksumMode: 'ENABLED' }))['ChecksumCRC32'], crc);
  });

  it('EntityTooLarge over maxObjectBytes (declared or streamed); KeyTooLongError over 1024 bytes', async () => {
    const small = await makeWorld({ maxObjectBytes: 1000 });
    try {
      await small.call('CreateBucket', { Bucket: 'bkt' });
      const declared = await rejectsWith(
        small.call('PutObject', { Bucket: 'bkt', Key: 'k', Body: generated(2000), ContentLength: 2000 }),
        'EntityTooLarge',
        400,
      );
      assert.deepEqual(extraOf(declared), { ProposedSize: '2000', MaxSizeAllowed: '1000' });
      await rejectsWith(
        small.call('PutObject', { Bucket: 'bkt', Key: 'k', Body: generated(1001) }),
        'EntityTooLarge',
        400,
        'Your proposed upload exceeds the maximum allowed size',
      );
      await small.call('PutObject', { Bucket: 'bkt', Key: 'k', Body: generated(1000) });
    } finally {
      await small.close();
    }
    await rejectsWith(putText(world, 'bkt', 'é'.repeat(513), 'x'), 'KeyTooLongError', 400);
  });

  it('Range gives 206 data with ContentRange; unsatisfiable is InvalidRange 416; unparsable is ignored', async () => {
    await putText(world, 'bkt', 'r', '0123456789');
    const cases: [string, string, string][] = [
      ['bytes=2-5', '2345', 'bytes 2-5/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
      ['bytes=-20', '0123456789', 'bytes 0-9/10'],
    ];
    for (const [range, body, contentRange] of cases) {
      const got = await world.call('GetObject', { Bucket: 'bkt', Key: 'r', Range: range });
      assert.equal((await collect(got['Body'])).toString(), body, range);
      assert.equal(got['ContentRange'], contentRange, range);
      assert.equal(got['ContentLength'], body.length, range);
    }
    const e = await rejectsWith(
      world.call('GetObject', { Bucket: 'bkt', Key: 'r', Range: 'bytes=10-' }),
      'InvalidRange',
      416,
      'The requested range is not satisfiable',
    );
    assert.deepEqual(extraOf(e), { RangeRequested: 'bytes=10-', ActualObjectSize: '10' });
    const whole = await world.call('GetObject', { Bucket: 'bkt', Key: 'r', Range: 'items=1-2' });
    assert.equal('ContentRange' in whole, false);
    assert.equal((await collect(whole['Body'])).toString(), '0123456789');
    const head = await world.call('HeadObject', { Bucket: 'bkt', Key: 'r', Range: 'bytes=0-0' });
    assert.equal(head['ContentRange'], 'bytes 0-0/10');
  });

  it('conditionals: If-Match/If-Unmodified-Since → 412, If-None-Match/If-Modified-Since → 304', async () => {
    const { ETag } = (await putText(world, 'bkt', 'c', 'data')) as { ETag: string };
    const t = world.clock.now();
    const get = (extra: object) => world.call('GetObject', { Bucket: 'bkt', Key: 'c', ...extra });
    await get({ IfMatch: ETag });
    await get({ IfMatch: ETag.replace(/"/g, '') });
    const pf = await rejectsWith(
      get({ IfMatch: '"other"' }),
      'PreconditionFailed',
      412,
      'At least one of the pre-conditions you specified did not hold',
    );
    assert.equal(extraOf(pf)['Condition'], 'If-Match');
    await rejectsWith(get({ IfUnmodifiedSince: t - 5000 }), 'PreconditionFailed', 412);
    await get({ IfUnmodifiedSince: t });
    // If-Match holding wins over a failing If-Unmodified-Since.
    await get({ IfMatch: ETag, IfUnmodifiedSince: t - 5000 });
    const nm = await rejectsWith(get({ IfNoneMatch: ETag }), 'NotModified', 304);
    assert.deepEqual(nm.headers, [['ETag', ETag]]);
    await rejectsWith(get({ IfModifiedSince: t }), 'NotModified', 304);
    await get({ IfModifiedSince: t - 5000 });
    // If-None-Match not matching wins over If-Modified-Since.
    await get({ IfNoneMatch: '"other"', IfModifiedSince: t });
    await rejectsWith(world.call('HeadObject', { Bucket: 'bkt', Key: 'c', IfNoneMatch: '*' }), 'NotModified', 304);
  });

  it('conditional writes: If-None-Match * refuses to overwrite, If-Match needs the current ETag', async () => {
    const { ETag } = (await putText(world, 'bkt', 'w', 'one')) as { ETag: string };
    await rejectsWith(putText(world, 'bkt', 'w', 'two', { IfNoneMatch: '*' }), 'PreconditionFailed', 412);
    await rejectsWith(putText(world, 'bkt', 'w', 'two', { IfMatch: '"nope"' }), 'PreconditionFailed', 412);
    await rejectsWith(putText(world, 'bkt', 'new', 'two', { IfMatch: ETag }), 'NoSuchKey', 404);
    await putText(world, 'bkt', 'w', 'two', { IfMatch: ETag });
    assert.equal((await collect((await world.call('GetObject', { Bucket: 'bkt', Key: 'w' }))['Body'])).toString(), 'two');
  });

  it('response-* query parameters override the stored headers', async () => {
    await putText(world, 'bkt', 'o', 'x', { ContentType: 'text/plain', ContentLanguage: 'en' });
    const got = await world.call('GetObject', {
      Bucket: 'bkt',
      Key: 'o',
      ResponseContentType: 'application/json',
      ResponseContentDisposition: 'attachment; filename="o.json"',
      ResponseCacheControl: 'no-cache',
      ResponseExpires: Date.UTC(2030, 0, 1),
    });
    assert.equal(got['ContentType'], 'application/json');
    assert.equal(got['ContentDisposition'], 'attachment; filename="o.json"');
    assert.equal(got['CacheControl'], 'no-cache');
    assert.equal(got['ContentLanguage'], 'en');
    assert.equal(got['Expires'], 'Tue, 01 Jan 2030 00:00:00 GMT');
  });

  it('DeleteObject answers the same whether or not the key exists, and removes the blob', async () => {
    await putText(world, 'bkt', 'd', 'x');
    const blobKey = world.state.object('bkt', 'd')?.blobKey;
    assert.ok(blobKey !== undefined && (await world.blobs.exists(blobKey)));
    assert.deepEqual(await world.call('DeleteObject', { Bucket: 'bkt', Key: 'd' }), {});
    assert.deepEqual(await world.call('DeleteObject', { Bucket: 'bkt', Key: 'd' }), {});
    assert.equal(await world.blobs.exists(blobKey), false);
    await rejectsWith(world.call('DeleteObject', { Bucket: 'nope', Key: 'd' }), 'NoSuchBucket', 404);
  });

  it('overwriting an object deletes the replaced blob', async () => {
    await putText(world, 'bkt', 'o', 'one');
    const first = world.state.object('bkt', 'o')?.blobKey ?? '';
    await putText(world, 'bkt', 'o', 'two');
    assert.equal(await world.blobs.exists(first), false);
  });

  it('DeleteObjects lists what it deleted unless Quiet; more than 1000 keys is MalformedXML', async () => {
    for (const k of ['a', 'b', 'c']) await putText(world, 'bkt', k, k);
    const out = await world.call('DeleteObjects', { Bucket: 'bkt', Delete: { Objects: [{ Key: 'a' }, { Key: 'zz' }] } });
    assert.deepEqual(out, { Deleted: [{ Key: 'a' }, { Key: 'zz' }] });
    assert.deepEqual(await world.call('DeleteObjects', { Bucket: 'bkt', Delete: { Objects: [{ Key: 'b' }], Quiet: true } }), {});
    assert.equal(world.state.objectCount('bkt'), 1);
    const many = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
    await rejectsWith(world.call('DeleteObjects', { Bucket: 'bkt', Delete: { Objects: many } }), 'MalformedXML', 400);
  });

  it('objects, buckets and uploads survive S3State.load', async () => {
    await putText(world, 'bkt', 'p', 'persist', { Metadata: { a: '1' } });
    const up = await world.call('CreateMultipartUpload', { Bucket: 'bkt', Key: 'mp' });
    await world.restart();
    const got = await world.call('GetObject', { Bucket: 'bkt', Key: 'p' });
    assert.equal((await collect(got['Body'])).toString(), 'persist');
    assert.deepEqual(got['Metadata'], { a: '1' });
    const uploads = await world.call('ListMultipartUploads', { Bucket: 'bkt' });
    assert.deepEqual(
      (uploads['Uploads'] as { UploadId: string }[]).map((u) => u.UploadId),
      [up['UploadId']],
    );
    assert.equal(((await world.call('ListBuckets', {}))['Buckets'] as unknown[]).length, 1);
  });
});
