/**
 * Decodes an aws-chunked body (aws-behaviour.md §5.3) as an async transform: decoded bytes flow out as they
 * arrive; framing, chunk signatures, trailer checksums and X-Amz-Decoded-Content-Length are checked on the
 * way and a failure is thrown as the S3 `AwsError` (see chunked-errors.ts). Wire forms:
 * ```
 * unsigned-trailer:  <hex>\r\n<data>\r\n … 0\r\n x-amz-checksum-crc32:<b64>\r\n \r\n
 * signed:            <hex>;chunk-signature=<sig>\r\n<data>\r\n … 0;chunk-signature=<sig>\r\n \r\n
 * signed-trailer:    as signed, then after the 0-chunk: <trailer lines>\r\n x-amz-trailer-signature:<sig>\r\n \r\n
 * ```
 * The JS SDK ends an unsigned body without a checksum right after `0\r\n`; that end is accepted.
 */
import { createHash } from 'node:crypto';
import { secretsEqual } from '../../lib/equal-secrets.js';
import { ByteReader } from './byte-reader.js';
import { type ChunkSigningContext, chunkSignature, trailerSignature } from './chunk-signature.js';
import { type ChecksumAlgorithm, type ChecksumHasher, checksumAlgorithmForHeader, createChecksumHasher } from './checksum-hasher.js';
import { chunkedErrors } from './chunked-errors.js';
import type { ChunkedFraming } from './payload-mode-for.js';

export interface DecodeAwsChunkedOptions {
  readonly framing: ChunkedFraming;
  /**
   * Required for the signed framings: the request's signing key, X-Amz-Date, scope and header signature; or
   * `unverified` for a key taken by `--accept-any-key`, whose secret the lab does not have (design.md
   * "Accepting any key"): the chunk and trailer signatures must still be there and well-formed, unchecked.
   */
  readonly signing?: (ChunkSigningContext & { readonly seedSignature: string }) | 'unverified';
  /** X-Amz-Decoded-Content-Length, when sent. */
  readonly decodedContentLength?: number;
  /** X-Amz-Trailer names, lower-cased: the trailers whose checksums are computed while the data passes. */
  readonly declaredTrailers?: readonly string[];
  /** Told the trailers (name lower-cased, value) once they have been verified, e.g. to echo the checksum. */
  readonly onTrailers?: (trailers: readonly (readonly [string, string])[]) => void;
}

const MAX_LINE = 4096;
const SIZE_LINE = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/;
const TRAILER_SIGNATURE = 'x-amz-trailer-signature';
const SIGNATURE = /^[0-9a-f]{64}$/;

export async function* decodeAwsChunked(
  source: AsyncIterable<Uint8Array>,
  options: DecodeAwsChunkedOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const signed = options.framing !== 'unsigned-trailer';
  if (signed && options.signing === undefined) throw new TypeError('signed aws-chunked framing needs a signing context');
  const signing = options.signing === 'unverified' ? undefined : options.signing;
  const hashers = trailerHashers(options.declaredTrailers ?? []);
  const reader = new ByteReader(source);
  let previous = signing?.seedSignature ?? '';
  let total = 0;

  for (;;) {
    const line = await reader.readLine(MAX_LINE);
    if (line === undefined) throw chunkedErrors.incompleteBody();
    const match = SIZE_LINE.exec(line);
    if (match === null) throw chunkedErrors.invalidChunk('bad chunk header');
    const size = Number.parseInt(match[1] as string, 16);
    const sent = match[2];
    if (signed !== (sent !== undefined)) throw chunkedErrors.invalidChunk(signed ? 'missing chunk-signature' : 'unexpected chunk-signature');
    const chunkHash = signing === undefined ? undefined : createHash('sha256');

    let left = size;
    while (left > 0) {
      const data = await reader.readData(left);
      left -= data.length;
      total += data.length;
      chunkHash?.update(data);
      for (const hasher of hashers.values()) hasher.update(data);
      yield data;
    }
    if (signing !== undefined && sent !== undefined && chunkHash !== undefined) {
      const expected = chunkSignature(signing, previous, chunkHash.digest('hex'));
      if (!secretsEqual(sent, expected)) throw chunkedErrors.signatureMismatch();
      previous = expected;
    }
    if (size === 0) break;
    await reader.expectCrlf();
  }

  if (options.decodedContentLength !== undefined && total !== options.decodedContentLength) {
    throw total < options.decodedContentLength
      ? chunkedErrors.incompleteBody()
      : chunkedErrors.decodedLengthMismatch(options.decodedContentLength, total);
  }
  const trailers = await readTrailers(reader);
  if (!(await reader.atEnd())) throw chunkedErrors.invalidChunk('data after the final chunk');
  verifyTrailers(trailers, options, hashers, signing === undefined ? undefined : { ...signing, previous });
  options.onTrailers?.(trailers.filter(([name]) => name !== TRAILER_SIGNATURE));
}

function trailerHashers(declared: readonly string[]): Map<string, ChecksumHasher> {
  const hashers = new Map<string, ChecksumHasher>();
  for (const name of declared) {
    const algorithm: ChecksumAlgorithm | undefined = checksumAlgorithmForHeader(name.toLowerCase());
    if (algorithm !== undefined) hashers.set(name.toLowerCase(), createChecksumHasher(algorithm));
  }
  return hashers;
}

/** Trailer lines up to the empty line (or a clean end of stream). */
async function readTrailers(reader: ByteReader): Promise<[string, string][]> {
  const trailers: [string, string][] = [];
  for (;;) {
    const line = await reader.readLine(MAX_LINE);
    if (line === undefined || line === '') return trailers;
    const colon = line.indexOf(':');
    if (colon <= 0) throw chunkedErrors.invalidChunk('bad trailer line');
    trailers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
}

function verifyTrailers(
  trailers: readonly (readonly [string, string])[],
  options: DecodeAwsChunkedOptions,
  hashers: ReadonlyMap<string, ChecksumHasher>,
  signing: (ChunkSigningContext & { readonly previous: string }) | undefined,
): void {
  const content = trailers.filter(([name]) => name !== TRAILER_SIGNATURE);
  if (options.framing === 'signed-trailer') {
    const sent = trailers.find(([name]) => name === TRAILER_SIGNATURE)?.[1];
    if (sent === undefined || !SIGNATURE.test(sent)) throw chunkedErrors.signatureMismatch();
    if (signing !== undefined) {
      const canonical = content.map(([name, value]) => `${name}:${value}\n`).join('');
      const expected = trailerSignature(signing, signing.previous, createHash('sha256').update(canonical, 'utf8').digest('hex'));
      if (!secretsEqual(sent, expected)) throw chunkedErrors.signatureMismatch();
    }
  } else if (options.framing === 'signed' && content.length > 0) {
    throw chunkedErrors.invalidChunk('trailers are not allowed without a trailer framing');
  }
  const declared = new Set((options.declaredTrailers ?? []).map((n) => n.toLowerCase()));
  for (const [name, value] of content) {
    if (!declared.has(name)) throw chunkedErrors.trailerMismatch(name);
    const hasher = hashers.get(name);
    const algorithm = checksumAlgorithmForHeader(name);
    if (hasher !== undefined && algorithm !== undefined && hasher.digestBase64() !== value) throw chunkedErrors.badDigest(algorithm);
  }
  for (const name of declared) if (!content.some(([n]) => n === name)) throw chunkedErrors.trailerMismatch(name);
}
