/**
 * Test bodies in aws-chunked framing. Unsigned-trailer bodies come from the real JS SDK
 * (`getAwsChunkedEncodingStream`, @smithy/core/serde); signed ones are built here by hand from the framing
 * and signature chain in aws-behaviour.md §5.3 (no SDK in this repo produces them), with node:crypto HMACs
 * written independently of src/auth/chunked.
 */
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { getAwsChunkedEncodingStream } from '@smithy/core/serde';

export const SCOPE = { date: '20231114', region: 'us-east-1', service: 's3' } as const;
export const AMZ_DATE = '20231114T221320Z';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const SEED = 'a'.repeat(64);

export function signingKey(): Buffer {
  const h = (k: string | Buffer, d: string): Buffer => createHmac('sha256', k).update(d).digest();
  return h(h(h(h(`AWS4${SECRET}`, SCOPE.date), SCOPE.region), SCOPE.service), 'aws4_request');
}

const sha = (d: string | Uint8Array): string => createHash('sha256').update(d).digest('hex');
const scopeText = `${SCOPE.date}/${SCOPE.region}/${SCOPE.service}/aws4_request`;

export function crc32Base64(data: Uint8Array): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(data) >>> 0);
  return b.toString('base64');
}

/** Collects a Readable into one Buffer (test inputs are small). */
export async function collect(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(typeof p === 'string' ? Buffer.from(p) : Buffer.from(p));
  return Buffer.concat(parts);
}

/** The JS SDK's own encoder with a CRC32 trailer (or none). */
export async function sdkUnsignedBody(pieces: readonly Buffer[], withChecksum: boolean): Promise<Buffer> {
  const source = Readable.from(pieces);
  const options = withChecksum
    ? {
        base64Encoder: (b: Uint8Array): string => Buffer.from(b).toString('base64'),
        bodyLengthChecker: (b: unknown): number | undefined => (b as Buffer).length,
        checksumAlgorithmFn: class {} as never,
        checksumLocationName: 'x-amz-checksum-crc32',
        // Like the SDK's Node stream hasher, a second 'data' listener beside the encoder's.
        streamHasher: (_fn: unknown, stream: Readable): Promise<Uint8Array> =>
          new Promise((resolve, reject) => {
            const parts: Buffer[] = [];
            stream.on('data', (p: Buffer) => parts.push(p));
            stream.on('error', reject);
            stream.on('end', () => resolve(Buffer.from(crc32Base64(Buffer.concat(parts)), 'base64')));
          }),
      }
    : { bodyLengthChecker: (b: unknown): number | undefined => (b as Buffer).length };
  return collect(getAwsChunkedEncodingStream(source, options));
}

/** Signed framing; with `trailer`, the …-PAYLOAD-TRAILER form ending in a signed trailer. */
export function signedBody(pieces: readonly Buffer[], trailer?: readonly [string, string]): Buffer {
  const key = signingKey();
  const out: Buffer[] = [];
  let prev = SEED;
  for (const data of [...pieces, Buffer.alloc(0)]) {
    const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${AMZ_DATE}\n${scopeText}\n${prev}\n${sha('')}\n${sha(data)}`;
    prev = createHmac('sha256', key).update(sts).digest('hex');
    out.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${prev}\r\n`), data);
    if (data.length > 0) out.push(Buffer.from('\r\n'));
  }
  if (trailer === undefined) {
    out.push(Buffer.from('\r\n'));
  } else {
    const line = `${trailer[0]}:${trailer[1]}`;
    const sts = `AWS4-HMAC-SHA256-TRAILER\n${AMZ_DATE}\n${scopeText}\n${prev}\n${sha(`${line}\n`)}`;
    const sig = createHmac('sha256', key).update(sts).digest('hex');
    out.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${sig}\r\n\r\n`));
  }
  return Buffer.concat(out);
}

/** Feeds a buffer in pieces of `size` bytes, as a socket would. */
export async function* pieces(body: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}
