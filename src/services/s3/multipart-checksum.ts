/**
 * Checksums of multipart uploads as S3 answers them [R: test_s3.snapshot.json TestS3MultipartUploadChecksum,
 * recorded February 2026; D: S3-UG checking-object-integrity; aws-behaviour.md §9.7]: CreateMultipartUpload names
 * an algorithm and a type (COMPOSITE, the default, or FULL_OBJECT; CRC64NVME is FULL_OBJECT only, SHA-1 and
 * SHA-256 COMPOSITE only); Complete must repeat each part's checksum for a COMPOSITE upload and may not change the
 * type; the object's checksum is then the composite of the parts' or the whole object's.
 */
import type { CompletedPart } from '../../protocol/models/s3.js';
import type { ChecksumEntry } from './checksums.js';
import { checksumEntry, CHECKSUMS, sentChecksums } from './checksums.js';
import { s3Errors } from './s3-errors.js';
import type { PartRecord, UploadRecord } from './s3-records.js';

type UploadChecksum = NonNullable<UploadRecord['checksum']>;

const VALID_TYPES = `[${CHECKSUMS.map((c) => c.algorithm).join(', ')}]`;

/** CreateMultipartUpload's `x-amz-checksum-algorithm` and `x-amz-checksum-type`, checked in S3's order. */
export function uploadChecksum(algorithm: string | undefined, type: string | undefined): UploadChecksum | undefined {
  const entry = checksumEntry(algorithm);
  if (algorithm !== undefined && entry === undefined) {
    throw s3Errors.invalidRequest(`Checksum algorithm provided is unsupported. Please try again with any of the valid types: ${VALID_TYPES}`);
  }
  if (entry === undefined) {
    if (type !== undefined)
      throw s3Errors.invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const chosen = type ?? (entry.algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  const fits = chosen === 'COMPOSITE' ? entry.algorithm !== 'CRC64NVME' : chosen === 'FULL_OBJECT' && entry.algorithm.startsWith('CRC');
  // [U] a type other than COMPOSITE or FULL_OBJECT is refused with the same text.
  if (!fits)
    throw s3Errors.invalidRequest(`The ${chosen} checksum type cannot be used with the ${entry.algorithm.toLowerCase()} checksum algorithm.`);
  return { algorithm: entry.algorithm, type: chosen === 'COMPOSITE' ? 'COMPOSITE' : 'FULL_OBJECT' };
}

export function uploadChecksumEntry(upload: UploadRecord): ChecksumEntry | undefined {
  return checksumEntry(upload.checksum?.algorithm);
}

/**
 * The checksums Complete names for one part, against what was uploaded: a COMPOSITE upload needs the part's
 * checksum in its algorithm; another algorithm is `BadDigest`; a wrong value, or any checksum for a part whose
 * upload keeps none, is `InvalidPart` [R: complete-multipart-no-checksum, complete-part-with-checksum,
 * complete-multipart-wrong-parts-checksum, complete-multipart-parts-checksum].
 */
export function checkPartChecksum(upload: UploadRecord, item: CompletedPart, part: PartRecord, invalidPart: () => Error): void {
  const entry = uploadChecksumEntry(upload);
  const named = sentChecksums(item);
  if (entry === undefined) {
    if (named.length > 0) throw invalidPart();
    return;
  }
  const own = named.find((n) => n.entry === entry);
  const other = named.find((n) => n.entry !== entry);
  if (other !== undefined) {
    throw s3Errors.badPartChecksum(other.entry.algorithm.toLowerCase(), part.partNumber);
  }
  if (own === undefined) {
    if (upload.checksum?.type !== 'COMPOSITE') return;
    throw s3Errors.invalidRequest(
      `The upload was created using a ${entry.algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`,
    );
  }
  if (own.value !== part.checksum) throw invalidPart();
}

/** Complete's `x-amz-checksum-type` must be the upload's ("null" for an upload without one) [R]. */
export function checkCompleteType(upload: UploadRecord, type: string | undefined): void {
  if (type === undefined) return;
  const own = upload.checksum?.type ?? 'null';
  if (type !== own) {
    throw s3Errors.invalidRequest(`The upload was created using the ${own} checksum mode. The complete request must use the same checksum mode.`);
  }
}
