/**
 * aws-chunked decoding (aws-behaviour.md §5.3) against bodies from the real JS SDK encoder and hand-built
 * signed framings; tampering, truncation and bad framing each raise S3's error; a 10 MiB body streams.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createChecksumHasher, decodeAwsChunked, payloadModeFor, verifyPlainBody } from '../../src/auth/chunked/index.js';
import type { DecodeAwsChunkedOptions } from '../../src/auth/chunked/index.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { AMZ_DATE, collect, crc32Base64, pieces, SCOPE, SEED, sdkUnsignedBody, signedBody, signingKey } from './chunked-fixtures.js';

const DATA = [Buffer.from('hello '), Buffer.from('aws-chunked '), Buffer.from('world'.repeat(1000))];
const WHOLE = Buffer.concat(DATA);
const signing = { signingKey: signingKey(), amzDate: AMZ_DATE, scope: SCOPE, seedSignature: SEED };
const unsigned: DecodeAwsChunkedOptions = {
  framing: 'unsigned-trailer',
  declaredTrailers: ['x-amz-checksum-crc32'],
  decodedContentLength: WHOLE.length,
};

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => err instanceof AwsError && err.code === code);
}

test('CRC32 and CRC32C match the standard check values and zlib', () => {
  const check = (alg: 'CRC32' | 'CRC32C', text: string): string => {
    const h = createChecksumHasher(alg);
    h.update(Buffer.from(text));
    return Buffer.from(h.digestBase64(), 'base64').toString('hex');
  };
  assert.equal(check('CRC32', '123456789'), 'cbf43926');
  assert.equal(check('CRC32C', '123456789'), 'e3069283');
  assert.equal(check('CRC32', 'x'.repeat(1000)), (crc32('x'.repeat(1000)) >>> 0).toString(16).padStart(8, '0'));
});

test('payloadModeFor reads x-amz-content-sha256', () => {
  assert.deepEqual(payloadModeFor('STREAMING-UNSIGNED-PAYLOAD-TRAILER'), { kind: 'chunked', framing: 'unsigned-trailer' });
  assert.deepEqual(payloadModeFor('STREAMING-AWS4-HMAC-SHA256-PAYLOAD'), { kind: 'chunked', framing: 'signed' });
  assert.deepEqual(payloadModeFor(undefined), { kind: 'unsigned' });
  assert.equal(payloadModeFor('E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855').kind, 'hex');
  assert.equal(payloadModeFor('STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD').kind, 'unsupported');
});

test('JS SDK unsigned-trailer body decodes, CRC32 trailer verified and reported', async () => {
  const body = await sdkUnsignedBody(DATA, true);
  assert.match(body.toString('latin1'), /0\r\nx-amz-checksum-crc32:[A-Za-z0-9+/=]+\r\n\r\n$/);
  let seen: readonly (readonly [string, string])[] = [];
  for (const size of [1, 7, 4096]) {
    const out = await collect(decodeAwsChunked(pieces(body, size), { ...unsigned, onTrailers: (t) => (seen = t) }));
    assert.deepEqual(out, WHOLE);
  }
  assert.deepEqual(seen, [['x-amz-checksum-crc32', crc32Base64(WHOLE)]]);
});

test('JS SDK body without checksum (ends right after 0\\r\\n) decodes', async () => {
  const body = await sdkUnsignedBody(DATA, false);
  assert.deepEqual(await collect(decodeAwsChunked(pieces(body, 100), { framing: 'unsigned-trailer' })), WHOLE);
});

test('tampered data or trailer checksum is BadDigest', async () => {
  const body = await sdkUnsignedBody(DATA, true);
  const flipped = Buffer.from(body);
  flipped[4] = (flipped[4] as number) ^ 1; // the "e" of "6\r\nhello"
  await rejectsWith(collect(decodeAwsChunked(pieces(flipped, 64), unsigned)), 'BadDigest');
  const badTrailer = Buffer.from(body.toString('latin1').replace(/crc32:[^\r]+/, 'crc32:AAAAAA=='), 'latin1');
  await rejectsWith(collect(decodeAwsChunked(pieces(badTrailer, 64), unsigned)), 'BadDigest');
});

test('undeclared or missing trailers are InvalidRequest', async () => {
  const body = await sdkUnsignedBody(DATA, true);
  await rejectsWith(collect(decodeAwsChunked(pieces(body, 64), { framing: 'unsigned-trailer' })), 'InvalidRequest');
  const plain = await sdkUnsignedBody(DATA, false);
  await rejectsWith(collect(decodeAwsChunked(pieces(plain, 64), unsigned)), 'InvalidRequest');
});

test('truncation is IncompleteBody; bad framing and length mismatch are InvalidRequest', async () => {
  const body = await sdkUnsignedBody(DATA, true);
  await rejectsWith(collect(decodeAwsChunked(pieces(body.subarray(0, 200), 64), unsigned)), 'IncompleteBody');
  const badHex = Buffer.concat([Buffer.from('zz\r\n'), body]);
  await rejectsWith(collect(decodeAwsChunked(pieces(badHex, 64), unsigned)), 'InvalidRequest');
  const longChunk = Buffer.from('3\r\nabcd\r\n0\r\n\r\n');
  await rejectsWith(collect(decodeAwsChunked(pieces(longChunk, 4), { framing: 'unsigned-trailer' })), 'InvalidRequest');
  await rejectsWith(collect(decodeAwsChunked(pieces(body, 64), { ...unsigned, decodedContentLength: WHOLE.length - 1 })), 'InvalidRequest');
  await rejectsWith(collect(decodeAwsChunked(pieces(body, 64), { ...unsigned, decodedContentLength: WHOLE.length + 1 })), 'IncompleteBody');
  const junk = Buffer.concat([body, Buffer.from('extra')]);
  await rejectsWith(collect(decodeAwsChunked(pieces(junk, 64), unsigned)), 'InvalidRequest');
});

test('signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) verify along the chain', async () => {
  const body = signedBody(DATA);
  assert.deepEqual(await collect(decodeAwsChunked(pieces(body, 33), { framing: 'signed', signing })), WHOLE);
});

test('a tampered signed chunk, a wrong seed or a missing signature is rejected', async () => {
  const body = signedBody(DATA);
  const text = body.toString('latin1');
  const tamperedData = Buffer.from(text.replace('aws-chunked', 'aws-chunkeD'), 'latin1');
  await rejectsWith(collect(decodeAwsChunked(pieces(tamperedData, 33), { framing: 'signed', signing })), 'SignatureDoesNotMatch');
  await rejectsWith(
    collect(decodeAwsChunked(pieces(body, 33), { framing: 'signed', signing: { ...signing, seedSignature: 'b'.repeat(64) } })),
    'SignatureDoesNotMatch',
  );
  const unsignedHeader = Buffer.from(text.replace(/^6;chunk-signature=[0-9a-f]{64}/, '6'), 'latin1');
  await rejectsWith(collect(decodeAwsChunked(pieces(unsignedHeader, 33), { framing: 'signed', signing })), 'InvalidRequest');
});

test('signed trailer (…-PAYLOAD-TRAILER) verifies; tampered trailer value is rejected', async () => {
  const good = signedBody(DATA, ['x-amz-checksum-crc32', crc32Base64(WHOLE)]);
  const opts: DecodeAwsChunkedOptions = { framing: 'signed-trailer', signing, declaredTrailers: ['x-amz-checksum-crc32'] };
  assert.deepEqual(await collect(decodeAwsChunked(pieces(good, 50), opts)), WHOLE);
  const tampered = Buffer.from(good.toString('latin1').replace(/crc32:[^\r]+/, 'crc32:AAAAAA=='), 'latin1');
  await rejectsWith(collect(decodeAwsChunked(pieces(tampered, 50), opts)), 'SignatureDoesNotMatch');
  // Correctly signed but wrong checksum: the signature passes, the checksum does not.
  const wrongSum = signedBody(DATA, ['x-amz-checksum-crc32', 'AAAAAA==']);
  await rejectsWith(collect(decodeAwsChunked(pieces(wrongSum, 50), opts)), 'BadDigest');
});

test('a 10 MiB body streams through in small pieces with bounded buffering', async () => {
  const piece = Buffer.alloc(64 * 1024, 7);
  const chunks = 160; // 10 MiB
  let produced = 0;
  async function* sdkLike(): AsyncGenerator<Uint8Array> {
    // Framing produced lazily, as the SDK would send it, fed in 1000-byte pieces.
    const crc = createChecksumHasher('CRC32');
    for (let i = 0; i < chunks; i++) {
      crc.update(piece);
      const framed = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
      for (let o = 0; o < framed.length; o += 1000) {
        produced += Math.min(1000, framed.length - o);
        yield framed.subarray(o, o + 1000);
      }
    }
    yield Buffer.from(`0\r\nx-amz-checksum-crc32:${crc.digestBase64()}\r\n\r\n`);
  }
  let total = 0;
  let maxPiece = 0;
  let maxLag = 0;
  const hash = createHash('sha256');
  for await (const out of decodeAwsChunked(sdkLike(), {
    framing: 'unsigned-trailer',
    declaredTrailers: ['x-amz-checksum-crc32'],
    decodedContentLength: chunks * piece.length,
  })) {
    total += out.length;
    maxPiece = Math.max(maxPiece, out.length);
    maxLag = Math.max(maxLag, produced - total);
    hash.update(out);
  }
  assert.equal(total, 10 * 1024 * 1024);
  assert.ok(maxPiece <= 1000, `largest decoded piece ${maxPiece}`);
  // Never more than one transport piece plus framing ahead of the consumer.
  assert.ok(maxLag < 4096, `decoder ran ${maxLag} bytes ahead`);
  assert.equal(
    hash.digest('hex'),
    createHash('sha256')
      .update(Buffer.alloc(10 * 1024 * 1024, 7))
      .digest('hex'),
  );
});

test('plain body: x-amz-content-sha256 mismatch and header checksum mismatch', async () => {
  const good = createHash('sha256').update(WHOLE).digest('hex');
  assert.deepEqual(
    await collect(verifyPlainBody(pieces(WHOLE, 100), { contentSha256: good, checksums: [{ algorithm: 'CRC32', base64: crc32Base64(WHOLE) }] })),
    WHOLE,
  );
  await assert.rejects(
    collect(verifyPlainBody(pieces(WHOLE, 100), { contentSha256: 'f'.repeat(64) })),
    (err: unknown) =>
      err instanceof AwsError &&
      err.code === 'XAmzContentSHA256Mismatch' &&
      err.status === 400 &&
      err.message === "The provided 'x-amz-content-sha256' header does not match what was computed.",
  );
  await rejectsWith(collect(verifyPlainBody(pieces(WHOLE, 100), { checksums: [{ algorithm: 'SHA1', base64: 'AAAA' }] })), 'BadDigest');
  const sha1 = createHash('sha1').update(WHOLE).digest('base64');
  assert.equal((await collect(verifyPlainBody(pieces(WHOLE, 100), { checksums: [{ algorithm: 'SHA1', base64: sha1 }] }))).length, WHOLE.length);
});
