/**
 * The AWS SDK for JavaScript v3 against the lab's S3: a stream body sent aws-chunked with the SDK's default
 * flexible checksum as a trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER), GetObject bodies and checksums, copies,
 * batch deletes, conditional reads, getSignedUrl, and virtual-hosted addressing (`<bucket>.localhost:PORT`)
 * (aws-behaviour.md §5.1, §5.3, §5.4).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { failure, S3Lab } from './s3-lab.js';

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');
const crc32Base64 = (bytes: Buffer): string => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes) >>> 0);
  return out.toString('base64');
};

/** A resolver that answers 127.0.0.1 for every name, in both shapes Node asks for (`all` or not). */
const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  const address: LookupAddress = { address: '127.0.0.1', family: 4 };
  if (options.all === true) (callback as (error: null, addresses: LookupAddress[]) => void)(null, [address]);
  else callback(null, address.address, address.family);
};

interface SentRequest {
  readonly method: string;
  readonly hostname: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** Records every request as the SDK sends it (after signing), for asserting on the wire form. */
function recordRequests(client: S3Client): SentRequest[] {
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as Partial<SentRequest> & { headers?: Record<string, string> };
      sent.push({
        method: request.method ?? '',
        hostname: request.hostname ?? '',
        path: request.path ?? '',
        headers: { ...(request.headers ?? {}) },
      });
      return next(args);
    },
    { step: 'deserialize', name: 'recordSentRequest', priority: 'low' },
  );
  return sent;
}

/** Yields `bytes` in uneven pieces, as a file or socket would. */
function streamOf(bytes: Buffer, piece = 65_537): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
    })(),
  );
}

describe('S3 with the AWS SDK for JavaScript v3', () => {
  let l: S3Lab;
  let s3: S3Client;
  let sent: SentRequest[];
  const bucket = 'sdk-bucket';

  before(async () => {
    l = await S3Lab.start();
    s3 = l.s3As(l.root);
    sent = recordRequests(s3);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    await l.dispose();
  });

  it('PutObject with a stream body goes aws-chunked with a CRC32 trailer; GetObject returns the same bytes', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    sent.length = 0;
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'stream/data.bin',
        Body: streamOf(bytes),
        ContentLength: bytes.length,
        ContentType: 'application/x-test',
      }),
    );
    const wire = sent.find((r) => r.method === 'PUT');
    assert.equal(wire?.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    assert.equal(wire?.headers['content-encoding'], 'aws-chunked');
    assert.equal(wire?.headers['x-amz-decoded-content-length'], String(bytes.length));
    assert.equal(wire?.headers['x-amz-trailer'], 'x-amz-checksum-crc32');
    assert.equal(wire?.path, `/${bucket}/stream/data.bin`);
    assert.equal(put.ETag, `"${md5(bytes)}"`);
    assert.equal(put.ChecksumCRC32, crc32Base64(bytes));

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stream/data.bin', ChecksumMode: 'ENABLED' }));
    const body = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    assert.equal(body.length, bytes.length);
    assert.ok(body.equals(bytes), 'byte-identical');
    assert.equal(got.ContentLength, bytes.length);
    assert.equal(got.ContentType, 'application/x-test');
    assert.equal(got.ContentEncoding, undefined, 'aws-chunked is not stored as a content encoding');
    assert.equal(got.ChecksumCRC32, crc32Base64(bytes));
    assert.equal(got.ETag, put.ETag);
  });

  it('PutObject with a string body and metadata; HeadObject and a ranged GetObject', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'text.txt',
        Body: 'the quick brown fox',
        Metadata: { colour: 'brown' },
        CacheControl: 'max-age=60',
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'text.txt' }));
    assert.equal(head.ContentLength, 19);
    assert.deepEqual(head.Metadata, { colour: 'brown' });
    assert.equal(head.CacheControl, 'max-age=60');
    assert.ok(head.LastModified instanceof Date);
    const ranged = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'text.txt', Range: 'bytes=4-8' }));
    assert.equal(ranged.$metadata.httpStatusCode, 206);
    assert.equal(ranged.ContentRange, 'bytes 4-8/19');
    assert.equal(await ranged.Body?.transformToString(), 'quick');
  });

  it('conditional GetObject: If-None-Match with the ETag is 304, If-Match with another is 412', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond.txt', Body: 'v1' }));
    // A 304 has no body: the SDK can only report the status.
    assert.equal((await failure(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfNoneMatch: ETag })))).status, 304);
    const mismatch = await failure(() =>
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfMatch: '"00000000000000000000000000000000"' })),
    );
    assert.deepEqual(mismatch, { code: 'PreconditionFailed', status: 412, message: 'At least one of the pre-conditions you specified did not hold' });
  });

  it('CopyObject, ListObjectsV2 and DeleteObjects', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy/src.txt', Body: 'copy me' }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/dst.txt', CopySource: `${bucket}/copy/src.txt` }));
    assert.equal(copied.CopyObjectResult?.ETag, `"${md5(Buffer.from('copy me'))}"`);
    const dst = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'copy/dst.txt' }));
    assert.equal(await dst.Body?.transformToString(), 'copy me');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'copy/' }));
    assert.deepEqual(
      listed.Contents?.map((c) => c.Key),
      ['copy/dst.txt', 'copy/src.txt'],
    );
    assert.equal(listed.KeyCount, 2);
    const deleted = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'copy/src.txt' }, { Key: 'copy/dst.txt' }, { Key: 'copy/never.txt' }] },
      }),
    );
    assert.deepEqual(deleted.Deleted?.map((d) => d.Key).sort(), ['copy/dst.txt', 'copy/never.txt', 'copy/src.txt']);
    assert.equal(deleted.Errors, undefined);
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'copy/' }))).KeyCount, 0);
    // DeleteObject of a key that is not there is still 204.
    const again = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'copy/src.txt' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });

  it('getSignedUrl for GetObject (path style) fetches the object; for PutObject uploads one', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'signed/ü file.txt', Body: 'signed by the SDK' }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'signed/ü file.txt' }), { expiresIn: 600 });
    assert.ok(url.startsWith(`${l.endpoint}/${bucket}/signed/%C3%BC%20file.txt?`), url);
    assert.match(url, /X-Amz-Expires=600/);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'signed by the SDK');

    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'signed/up.txt' }), { expiresIn: 60 });
    const put = await fetch(putUrl, { method: 'PUT', body: 'uploaded through a URL' });
    assert.equal(put.status, 200, await put.clone().text());
    const back = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'signed/up.txt' }));
    assert.equal(await back.Body?.transformToString(), 'uploaded through a URL');
  });

  it('virtual-hosted addressing: endpoint http://localhost:PORT without forcePathStyle sends Host <bucket>.localhost:PORT', async () => {
    const port = new URL(l.endpoint).port;
    // `<bucket>.localhost` need not resolve on this machine: the agent sends every name to the lab's loopback address.
    const agent = new Agent({ lookup: loopbackLookup });
    try {
      const virtual = l.s3As(l.root, { endpoint: `http://localhost:${port}`, forcePathStyle: false, requestHandler: { httpAgent: agent } });
      const wire = recordRequests(virtual);
      await virtual.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }));
      await virtual.send(new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/v.txt', Body: 'virtually hosted' }));
      const got = await virtual.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/v.txt' }));
      assert.equal(await got.Body?.transformToString(), 'virtually hosted');
      assert.deepEqual(
        wire.map((r) => `${r.method} ${r.hostname} ${r.path}`),
        ['PUT vhost-bucket.localhost /', 'PUT vhost-bucket.localhost /dir/v.txt', 'GET vhost-bucket.localhost /dir/v.txt'],
      );
      const listed = await virtual.send(new ListObjectsV2Command({ Bucket: 'vhost-bucket' }));
      assert.deepEqual(
        listed.Contents?.map((c) => c.Key),
        ['dir/v.txt'],
      );
      // The path-style client sees the same bucket.
      const pathStyle = await s3.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/v.txt' }));
      assert.equal(await pathStyle.Body?.transformToString(), 'virtually hosted');
      // A presigned URL in virtual-hosted form works too, and so does an anonymous-style fetch through the agent.
      const url = await getSignedUrl(virtual, new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/v.txt' }), { expiresIn: 60 });
      assert.ok(url.startsWith(`http://vhost-bucket.localhost:${port}/dir/v.txt?`), url);
      const fetched = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(url, { agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => void (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.deepEqual(fetched, { status: 200, body: 'virtually hosted' });
    } finally {
      agent.destroy();
    }
  });
});
