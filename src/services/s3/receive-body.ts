/**
 * Streams a PutObject/UploadPart body into the BlobStore and checks it against what the client declared:
 * size limit (`EntityTooLarge`), Content-Length (`IncompleteBody`), Content-MD5 (`InvalidDigest` before
 * reading, `BadDigest` after) and flexible checksums (`BadDigest`, §5.3). A rejected body leaves no blob.
 */
import type { StreamingBody } from '../../protocol/models/s3.js';
import type { ChecksumAlgorithm } from '../../protocol/models/s3.js';
import type { BlobDigests } from '../../store/blob/blob-store.js';
import { BlobTooLargeError } from '../../store/blob/blob-store.js';
import { bodyStream } from './request-body.js';
import type { S3Deps } from './s3-deps.js';
import { MAX_SINGLE_PUT_BYTES, s3Errors } from './s3-errors.js';
import type { ObjectChecksums } from './s3-records.js';

interface DeclaredBody {
  readonly Body?: StreamingBody;
  readonly ContentLength?: number;
  readonly ContentMD5?: string;
  readonly ChecksumAlgorithm?: ChecksumAlgorithm;
  readonly ChecksumCRC32?: string;
  readonly ChecksumCRC32C?: string;
  readonly ChecksumSHA1?: string;
  readonly ChecksumSHA256?: string;
}

interface ReceivedBody {
  readonly digests: BlobDigests;
  /** The checksums the client sent or asked for, verified: stored and echoed. */
  readonly checksums: ObjectChecksums;
}

const CHECKS = [
  ['CRC32', 'ChecksumCRC32', 'crc32', 'crc32Base64'],
  ['CRC32C', 'ChecksumCRC32C', 'crc32c', 'crc32cBase64'],
  ['SHA1', 'ChecksumSHA1', 'sha1', 'sha1Base64'],
  ['SHA256', 'ChecksumSHA256', 'sha256', 'sha256Base64'],
] as const;

export function maxBytesOf(deps: S3Deps): number {
  return deps.maxObjectBytes ?? MAX_SINGLE_PUT_BYTES;
}

function verify(declared: DeclaredBody, digests: BlobDigests): ObjectChecksums {
  if (declared.ContentLength !== undefined && declared.ContentLength !== digests.size) throw s3Errors.incompleteBody();
  if (declared.ContentMD5 !== undefined) {
    const calculated = Buffer.from(digests.md5Hex, 'hex').toString('base64');
    if (calculated !== declared.ContentMD5) throw s3Errors.badDigest(declared.ContentMD5, calculated);
  }
  const checksums: Record<string, string> = {};
  for (const [algorithm, member, field, digest] of CHECKS) {
    const sent = declared[member];
    if (sent !== undefined && sent !== digests[digest]) throw s3Errors.badChecksum(algorithm.toLowerCase());
    const computed = digests[digest];
    if ((sent !== undefined || declared.ChecksumAlgorithm === algorithm) && computed !== undefined) checksums[field] = computed;
  }
  return checksums;
}

export async function receiveBody(deps: S3Deps, blobKey: string, declared: DeclaredBody): Promise<ReceivedBody> {
  const maxBytes = maxBytesOf(deps);
  if (declared.ContentMD5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(declared.ContentMD5)) throw s3Errors.invalidDigest(declared.ContentMD5);
  if (declared.ContentLength !== undefined && declared.ContentLength > maxBytes) throw s3Errors.entityTooLarge(maxBytes, declared.ContentLength);
  let digests: BlobDigests;
  try {
    const checksums = CHECKS.filter(([algorithm, member]) => declared[member] !== undefined || declared.ChecksumAlgorithm === algorithm).map(
      ([, , field]) => field,
    );
    digests = await deps.blobs.write(blobKey, bodyStream(declared.Body), { maxBytes, checksums });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw s3Errors.entityTooLarge(maxBytes);
    throw error;
  }
  try {
    return { digests, checksums: verify(declared, digests) };
  } catch (error) {
    await deps.blobs.delete(blobKey);
    throw error;
  }
}

/** The wire members for stored checksums (PutObject/GetObject/HeadObject/UploadPart outputs). */
/**
 * `x-amz-checksum-type`: a checksum of a single PUT covers the whole object, `FULL_OBJECT` (S3 User Guide,
 * "Checking object integrity"; recorded on PutObject and GetObject, aws-behaviour.md §9.3). Absent without one.
 */
export function checksumType(checksums: ObjectChecksums): { ChecksumType?: 'FULL_OBJECT' } {
  return Object.values(checksums).some((value) => value !== undefined) ? { ChecksumType: 'FULL_OBJECT' } : {};
}

export function checksumMembers(checksums: ObjectChecksums): {
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
} {
  return {
    ...(checksums.crc32 === undefined ? {} : { ChecksumCRC32: checksums.crc32 }),
    ...(checksums.crc32c === undefined ? {} : { ChecksumCRC32C: checksums.crc32c }),
    ...(checksums.sha1 === undefined ? {} : { ChecksumSHA1: checksums.sha1 }),
    ...(checksums.sha256 === undefined ? {} : { ChecksumSHA256: checksums.sha256 }),
  };
}
