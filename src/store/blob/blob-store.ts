/**
 * The blob port: object bytes live outside the document store (design.md "Storage"), written as a stream
 * while every digest S3 reports is computed on the way (aws-behaviour.md §5.3: ETag = MD5 of the decoded
 * bytes; flexible checksums CRC32/CRC32C/CRC64NVME/SHA1/SHA256).
 */

export interface BlobDigests {
  readonly size: number;
  readonly md5Hex: string;
  /** The flexible checksums, each only when asked for in BlobLimits.checksums (they cost CPU per byte). */
  readonly sha1Base64?: string;
  readonly sha256Base64?: string;
  readonly crc32Base64?: string;
  readonly crc32cBase64?: string;
  readonly crc64nvmeBase64?: string;
}

export type BlobChecksum = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';

/** Inclusive byte offsets, like an HTTP range. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface BlobLimits {
  readonly maxBytes: number;
  /** Checksums to compute besides size and MD5 (the ETag). */
  readonly checksums?: readonly BlobChecksum[];
}

/** Thrown by `write` when the body grows past `maxBytes`; nothing is kept. */
export class BlobTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`the body exceeds ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** Thrown by `read` for a key that was never written or was deleted. */
export class BlobMissingError extends Error {
  constructor(key: string) {
    super(`no blob under \`${key}\``);
    this.name = 'BlobMissingError';
  }
}

export interface BlobStore {
  /** Stores the body under `key` (replacing any blob there) once it is complete and durable. */
  write(key: string, body: AsyncIterable<Uint8Array>, limits: BlobLimits): Promise<BlobDigests>;
  read(key: string, range?: ByteRange): AsyncIterable<Uint8Array>;
  /** True when something was deleted. */
  delete(key: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
  /**
   * Removes what interrupted writes left behind (a `kill -9` between the bytes and the metadata's commit):
   * temporary files of processes that are gone, and blobs written before `olderThanMs` (epoch ms, wall
   * clock: file times) whose key is not among `referencedKeys`. Returns how many files went.
   */
  removeOrphans(referencedKeys: Iterable<string>, olderThanMs: number): Promise<number>;
  /** Removes every blob (a full lab reset). */
  clear(): Promise<void>;
}
