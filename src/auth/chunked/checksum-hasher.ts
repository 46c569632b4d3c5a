/**
 * The four flexible-checksum algorithms S3 verifies (aws-behaviour.md §5.3): CRC32, CRC32C, SHA-1, SHA-256,
 * each reported as base64 of the big-endian digest (`x-amz-checksum-crc32: <base64 of 4 bytes>`). CRC32C has
 * no Node built-in and `zlib.crc32` exists only from Node 20.15/22.2, so both CRCs are table-driven here.
 */
import { createHash } from 'node:crypto';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';

export interface ChecksumHasher {
  update(bytes: Uint8Array): void;
  /** Base64 of the digest, as it appears in `x-amz-checksum-<alg>`. */
  digestBase64(): string;
}

/** Reflected polynomials: CRC-32 (IEEE 802.3) and CRC-32C (Castagnoli). */
const CRC32_POLY = 0xedb88320;
const CRC32C_POLY = 0x82f63b78;

const tables = new Map<number, Uint32Array>();

function tableFor(poly: number): Uint32Array {
  const cached = tables.get(poly);
  if (cached !== undefined) return cached;
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  tables.set(poly, table);
  return table;
}

function crcHasher(poly: number): ChecksumHasher {
  const table = tableFor(poly);
  let crc = 0xffffffff;
  return {
    update(bytes) {
      let c = crc;
      for (let i = 0; i < bytes.length; i++) c = (table[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
      crc = c;
    },
    digestBase64() {
      const out = Buffer.alloc(4);
      out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
      return out.toString('base64');
    },
  };
}

function hashHasher(name: 'sha1' | 'sha256'): ChecksumHasher {
  const hash = createHash(name);
  return {
    update: (bytes) => void hash.update(bytes),
    digestBase64: () => hash.digest('base64'),
  };
}

export function createChecksumHasher(algorithm: ChecksumAlgorithm): ChecksumHasher {
  switch (algorithm) {
    case 'CRC32':
      return crcHasher(CRC32_POLY);
    case 'CRC32C':
      return crcHasher(CRC32C_POLY);
    case 'SHA1':
      return hashHasher('sha1');
    case 'SHA256':
      return hashHasher('sha256');
  }
}

/** `x-amz-checksum-crc32` → `CRC32`; anything else (including CRC64NVME, not emulated) → undefined. */
export function checksumAlgorithmForHeader(lowerName: string): ChecksumAlgorithm | undefined {
  switch (lowerName) {
    case 'x-amz-checksum-crc32':
      return 'CRC32';
    case 'x-amz-checksum-crc32c':
      return 'CRC32C';
    case 'x-amz-checksum-sha1':
      return 'SHA1';
    case 'x-amz-checksum-sha256':
      return 'SHA256';
    default:
      return undefined;
  }
}
