/**
 * Streams a PutObject/UploadPart body into the BlobStore and checks it against what the client declared:
 * size limit (`EntityTooLarge`), Content-Length (`IncompleteBody`), Content-MD5 (`InvalidDigest` before
 * reading, `BadDigest` after) and flexible checksums (`BadDigest`, §5.3; S3's default CRC64NVME and a part's
 * upload algorithm, §9.7). A rejected body leaves no blob.
 */
import type { StreamingBody } from '../../protocol/models/s3.js';
import type { ChecksumAlgorithm } from '../../protocol/models/s3.js';
import type { BlobDigests } from '../../store/blob/blob-store.js';
import { BlobTooLargeError } from '../../store/blob/blob-store.js';
import { bodyStream } from './request-body.js';
import type { S3Deps } from './s3-deps.js';
import { MAX_SINGLE_PUT_BYTES, s3Errors } from './s3-errors.js';
import type { ChecksumEntry } from './checksums.js';
import { checkChecksumValue, checksumEntry, sentChecksums } from './checksums.js';
import type { ObjectChecksums } from './s3-records.js';

interface DeclaredBody {
  readonly Body?: StreamingBody;
  readonly ContentLength?: number;
  readonly ContentMD5?: string;
  /** `x-amz-sdk-checksum-algorithm`: the checksum the SDK sends, in a header or a trailer. */
  readonly ChecksumAlgorithm?: ChecksumAlgorithm;
  readonly ChecksumCRC32?: string;
  readonly ChecksumCRC32C?: string;
  readonly ChecksumCRC64NVME?: string;
  readonly ChecksumSHA1?: string;
  readonly ChecksumSHA256?: string;
}

interface ReceiveOptions {
  /** The algorithm of the upload a part belongs to: the part's checksum, computed when not sent (§9.7). */
  readonly required?: ChecksumEntry;
  /** S3 computes CRC64NVME for a single PUT that names no checksum (since 2025, aws-behaviour.md §9.7). */
  readonly byDefault?: boolean;
}

interface ReceivedBody {
  readonly digests: BlobDigests;
  /** The checksums the client sent or asked for, verified (or S3's default): stored and echoed. */
  readonly checksums: ObjectChecksums;
}

export function maxBytesOf(deps: S3Deps): number {
  return deps.maxObjectBytes ?? MAX_SINGLE_PUT_BYTES;
}

/**
 * The checksums to compute, after the checks S3 makes before reading [R: test_s3_checksum_no_algorithm,
 * test_multipart_parts_checksum_exceptions_*]: one checksum header at most, each well formed, and a part's in
 * its upload's algorithm.
 */
function wantedChecksums(declared: DeclaredBody, options: ReceiveOptions): ChecksumEntry[] {
  const sent = sentChecksums(declared);
  if (sent.length > 1) throw s3Errors.invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  for (const { entry, value } of sent) checkChecksumValue(entry, value);
  const named = sent[0]?.entry ?? checksumEntry(declared.ChecksumAlgorithm);
  const { required } = options;
  if (required !== undefined && named !== undefined && named !== required) {
    throw s3Errors.invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${required.algorithm.toLowerCase()}, actual checksum Type: ${named.algorithm.toLowerCase()}`,
    );
  }
  const chosen = named ?? required ?? (options.byDefault === true ? checksumEntry('CRC64NVME') : undefined);
  return chosen === undefined ? [] : [chosen];
}

function verify(declared: DeclaredBody, digests: BlobDigests, wanted: readonly ChecksumEntry[]): ObjectChecksums {
  if (declared.ContentLength !== undefined && declared.ContentLength !== digests.size) throw s3Errors.incompleteBody();
  if (declared.ContentMD5 !== undefined) {
    const calculated = Buffer.from(digests.md5Hex, 'hex').toString('base64');
    if (calculated !== declared.ContentMD5) throw s3Errors.badDigest(declared.ContentMD5, calculated);
  }
  const checksums: { -readonly [K in keyof ObjectChecksums]: ObjectChecksums[K] } = {};
  for (const entry of wanted) {
    const sent = declared[entry.member];
    const computed = digests[entry.digest];
    // S3 names the algorithm in capitals here [R: test_put_object_checksum, test_multipart_upload_part_checksum_exception].
    if (sent !== undefined && sent !== computed) throw s3Errors.badChecksum(entry.algorithm);
    if (typeof computed === 'string') checksums[entry.field] = computed;
  }
  return checksums;
}

export async function receiveBody(deps: S3Deps, blobKey: string, declared: DeclaredBody, options: ReceiveOptions = {}): Promise<ReceivedBody> {
  const maxBytes = maxBytesOf(deps);
  if (declared.ContentMD5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(declared.ContentMD5)) throw s3Errors.invalidDigest(declared.ContentMD5);
  if (declared.ContentLength !== undefined && declared.ContentLength > maxBytes) throw s3Errors.entityTooLarge(maxBytes, declared.ContentLength);
  const wanted = wantedChecksums(declared, options);
  let digests: BlobDigests;
  try {
    digests = await deps.blobs.write(blobKey, bodyStream(declared.Body), { maxBytes, checksums: wanted.map((entry) => entry.field) });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw s3Errors.entityTooLarge(maxBytes);
    throw error;
  }
  try {
    return { digests, checksums: verify(declared, digests, wanted) };
  } catch (error) {
    await deps.blobs.delete(blobKey);
    throw error;
  }
}
