/**
 * S3's checksums through the JS SDK v3 (aws-behaviour.md §9.7): a PUT sent without a checksum answers S3's default
 * CRC64NVME; a COMPOSITE CRC32 multipart upload answers its algorithm and type on the wire, lists the parts'
 * checksums, and the object reports `<checksum of checksums>-<parts>` with `x-amz-checksum-type: COMPOSITE`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Crc32, Crc64Nvme } from '../../src/store/blob/index.js';
import { S3Lab } from './s3-lab.js';

describe('S3 checksums through the JS SDK', () => {
  let l: S3Lab;
  const bucket = 'sums-e2e';
  before(async () => {
    l = await S3Lab.start();
    await l.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    await l.dispose();
  });

  it('a PUT without a checksum answers CRC64NVME, FULL_OBJECT, also on HeadObject in checksum mode', async () => {
    const plain = l.s3As(l.root, { requestChecksumCalculation: 'WHEN_REQUIRED' });
    const put = await plain.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: 'data' }));
    // The value S3 answered for `data` on 1 April 2026 (aws-behaviour.md §9.7).
    assert.equal(put.ChecksumCRC64NVME, '7a5hQ478J4A=');
    assert.equal(put.ChecksumType, 'FULL_OBJECT');
    const head = await plain.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain', ChecksumMode: 'ENABLED' }));
    assert.deepEqual([head.ChecksumCRC64NVME, head.ChecksumType], ['7a5hQ478J4A=', 'FULL_OBJECT']);
    assert.equal(new Crc64Nvme().update(Buffer.from('data')).digest().toString('base64'), '7a5hQ478J4A=');
  });

  it("the SDK's own CRC64NVME of random bodies is the lab's: PutObject with ChecksumAlgorithm CRC64NVME is accepted", async () => {
    for (const size of [1, 7, 8, 9, 100, 4096, 100_003]) {
      const body = randomBytes(size);
      // The SDK computes the checksum and sends it in x-amz-checksum-crc64nvme; the lab refuses a value not its own.
      const put = await l.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `random-${size}`, Body: body, ChecksumAlgorithm: 'CRC64NVME' }));
      assert.equal(put.ChecksumCRC64NVME, new Crc64Nvme().update(body).digest().toString('base64'), `size ${size}`);
    }
  });

  it('a COMPOSITE CRC32 upload: algorithm and type answered, part checksums listed, the object <crc of crcs>-2', async () => {
    const created = await l.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mpu', ChecksumAlgorithm: 'CRC32' }));
    assert.deepEqual([created.ChecksumAlgorithm, created.ChecksumType], ['CRC32', 'COMPOSITE']);
    const bodies = [Buffer.alloc(5 * 1024 * 1024, 'x'), Buffer.from('tail')];
    const parts = [];
    for (const [i, Body] of bodies.entries()) {
      const out = await l.s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: 'mpu', UploadId: created.UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }),
      );
      assert.equal(out.ChecksumCRC32, new Crc32('crc32').update(Body).digest().toString('base64'));
      parts.push({ ETag: out.ETag, PartNumber: i + 1, ChecksumCRC32: out.ChecksumCRC32 });
    }
    const listed = await l.s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'mpu', UploadId: created.UploadId }));
    assert.deepEqual([listed.ChecksumAlgorithm, listed.ChecksumType], ['CRC32', 'COMPOSITE']);
    assert.deepEqual(
      listed.Parts?.map((p) => p.ChecksumCRC32),
      parts.map((p) => p.ChecksumCRC32),
    );
    const done = await l.s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mpu', UploadId: created.UploadId, MultipartUpload: { Parts: parts } }),
    );
    const joined = Buffer.concat(parts.map((p) => Buffer.from(p.ChecksumCRC32 ?? '', 'base64')));
    const composite = `${new Crc32('crc32').update(joined).digest().toString('base64')}-2`;
    assert.deepEqual([done.ChecksumCRC32, done.ChecksumType], [composite, 'COMPOSITE']);
    const head = await l.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mpu', ChecksumMode: 'ENABLED' }));
    assert.deepEqual([head.ChecksumCRC32, head.ChecksumType], [composite, 'COMPOSITE']);
  });
});
