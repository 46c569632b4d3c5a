/**
 * S3's flexible checksums (aws-behaviour.md §5.3, §9.7): the five algorithms S3 accepts, their wire members
 * (`ChecksumCRC32` ↔ `x-amz-checksum-crc32`), how a stored checksum is answered (`x-amz-checksum-type`
 * FULL_OBJECT or COMPOSITE), and the composite checksum of a multipart object: the algorithm over the parts'
 * checksums, concatenated as bytes, then `-<number of parts>` (S3-UG checking-object-integrity).
 */
import { createHash } from 'node:crypto';
import type { BlobChecksum, BlobDigests } from '../../store/blob/blob-store.js';
import { Crc32, Crc64Nvme } from '../../store/blob/index.js';
import { s3Errors } from './s3-errors.js';
import type { ChecksumAlgorithmName, ObjectChecksums } from './s3-records.js';

type Field = Exclude<keyof ObjectChecksums, 'type'>;

export interface ChecksumEntry {
  readonly algorithm: ChecksumAlgorithmName;
  readonly member: 'ChecksumCRC32' | 'ChecksumCRC32C' | 'ChecksumCRC64NVME' | 'ChecksumSHA1' | 'ChecksumSHA256';
  readonly field: Field & BlobChecksum;
  readonly digest: keyof BlobDigests;
  /** The digest's length in bytes. */
  readonly bytes: number;
}

export const CHECKSUMS: readonly ChecksumEntry[] = [
  { algorithm: 'CRC32', member: 'ChecksumCRC32', field: 'crc32', digest: 'crc32Base64', bytes: 4 },
  { algorithm: 'CRC32C', member: 'ChecksumCRC32C', field: 'crc32c', digest: 'crc32cBase64', bytes: 4 },
  { algorithm: 'CRC64NVME', member: 'ChecksumCRC64NVME', field: 'crc64nvme', digest: 'crc64nvmeBase64', bytes: 8 },
  { algorithm: 'SHA1', member: 'ChecksumSHA1', field: 'sha1', digest: 'sha1Base64', bytes: 20 },
  { algorithm: 'SHA256', member: 'ChecksumSHA256', field: 'sha256', digest: 'sha256Base64', bytes: 32 },
];

/** S3's default checksum since 2025 (aws-behaviour.md §9.7). */
export const CRC64NVME = CHECKSUMS[2] as ChecksumEntry;

type ChecksumMembers = Partial<Record<ChecksumEntry['member'], string>>;

export function checksumEntry(algorithm: string | undefined): ChecksumEntry | undefined {
  return CHECKSUMS.find((c) => c.algorithm === algorithm);
}

/** The checksums a request carries, in the table's order. */
export function sentChecksums(input: Partial<Record<ChecksumEntry['member'], string | undefined>>): { entry: ChecksumEntry; value: string }[] {
  return CHECKSUMS.flatMap((entry) => {
    const value = input[entry.member];
    return value === undefined ? [] : [{ entry, value }];
  });
}

/** A value that is not base64 of the algorithm's digest length [R: test_s3_checksum_no_automatic_sdk_calculation]. */
export function checkChecksumValue(entry: ChecksumEntry, value: string): void {
  const wellFormed = /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, 'base64').length === entry.bytes;
  if (!wellFormed) throw s3Errors.invalidRequest(`Value for x-amz-checksum-${entry.algorithm.toLowerCase()} header is invalid.`);
}

/** The wire members of a stored checksum (PutObject, UploadPart, Complete, GetObject/HeadObject in checksum mode). */
export function checksumMembers(checksums: ObjectChecksums): ChecksumMembers {
  const out: ChecksumMembers = {};
  for (const entry of CHECKSUMS) {
    const value = checksums[entry.field];
    if (value !== undefined) out[entry.member] = value;
  }
  return out;
}

/**
 * `x-amz-checksum-type`: FULL_OBJECT for a checksum of the whole object (a single PUT, recorded on PutObject and
 * GetObject, aws-behaviour.md §9.3), COMPOSITE for one of part checksums; absent without a checksum.
 */
export function checksumType(checksums: ObjectChecksums): { ChecksumType?: 'FULL_OBJECT' | 'COMPOSITE' } {
  if (!CHECKSUMS.some((entry) => checksums[entry.field] !== undefined)) return {};
  return { ChecksumType: checksums.type ?? 'FULL_OBJECT' };
}

/** The algorithms of a stored checksum, for listings' `<ChecksumAlgorithm>`. */
export function checksumAlgorithms(checksums: ObjectChecksums): ChecksumAlgorithmName[] {
  return CHECKSUMS.filter((entry) => checksums[entry.field] !== undefined).map((entry) => entry.algorithm);
}

function digestOf(entry: ChecksumEntry, bytes: Buffer): Buffer {
  switch (entry.algorithm) {
    case 'CRC32':
      return new Crc32('crc32').update(bytes).digest();
    case 'CRC32C':
      return new Crc32('crc32c').update(bytes).digest();
    case 'CRC64NVME':
      return new Crc64Nvme().update(bytes).digest();
    case 'SHA1':
      return createHash('sha1').update(bytes).digest();
    case 'SHA256':
      return createHash('sha256').update(bytes).digest();
  }
}

/** `<base64 of the algorithm over the parts' checksums>-<parts>`, as S3 answers a COMPOSITE upload [R]. */
export function compositeChecksum(entry: ChecksumEntry, partChecksums: readonly string[]): string {
  const joined = Buffer.concat(partChecksums.map((value) => Buffer.from(value, 'base64')));
  return `${digestOf(entry, joined).toString('base64')}-${partChecksums.length}`;
}
