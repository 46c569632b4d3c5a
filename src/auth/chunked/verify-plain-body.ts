/**
 * Checks a non-chunked S3 body while it streams (aws-behaviour.md §5.3): a hex `x-amz-content-sha256` must
 * be the body's SHA-256 (else `XAmzContentSHA256Mismatch`), and each `x-amz-checksum-<alg>` header the
 * body's checksum (else `BadDigest`). Bytes pass through unchanged; the verdict is thrown after the last one,
 * so the consumer must not commit until the iterator completes.
 */
import { createHash } from 'node:crypto';
import { type ChecksumAlgorithm, createChecksumHasher } from './checksum-hasher.js';
import { chunkedErrors } from './chunked-errors.js';

interface PlainBodyExpectations {
  /** Lower-case hex, from `x-amz-content-sha256` when it is a hash (see payloadModeFor). */
  readonly contentSha256?: string;
  /** Base64 values of the `x-amz-checksum-*` headers. */
  readonly checksums?: readonly { readonly algorithm: ChecksumAlgorithm; readonly base64: string }[];
}

export async function* verifyPlainBody(
  source: AsyncIterable<Uint8Array>,
  expect: PlainBodyExpectations,
): AsyncGenerator<Uint8Array, void, undefined> {
  const sha = expect.contentSha256 === undefined ? undefined : createHash('sha256');
  const checks = (expect.checksums ?? []).map((c) => ({ ...c, hasher: createChecksumHasher(c.algorithm) }));
  for await (const piece of source) {
    sha?.update(piece);
    for (const c of checks) c.hasher.update(piece);
    yield piece;
  }
  if (sha !== undefined && expect.contentSha256 !== undefined) {
    const computed = sha.digest('hex');
    if (computed !== expect.contentSha256.toLowerCase()) throw chunkedErrors.contentSha256Mismatch(expect.contentSha256, computed);
  }
  for (const c of checks) if (c.hasher.digestBase64() !== c.base64) throw chunkedErrors.badDigest(c.algorithm);
}
