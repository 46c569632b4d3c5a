/**
 * The digests S3 reports for an object's bytes, computed while they stream in (aws-behaviour.md §5.3: the
 * ETag is the MD5 of the decoded bytes; the flexible checksums only when asked for, since each costs CPU per
 * byte). Shared by the blob stores so that every store reports the same digests.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { BlobChecksum, BlobDigests } from './blob-store.js';
import { Crc32 } from './crc32.js';
import { Crc64Nvme } from './crc64nvme.js';

export class BlobDigester {
  readonly #md5 = createHash('md5');
  readonly #sha256: Hash | undefined;
  readonly #sha1: Hash | undefined;
  readonly #crc32: Crc32 | undefined;
  readonly #crc32c: Crc32 | undefined;
  readonly #crc64nvme: Crc64Nvme | undefined;
  #size = 0;

  constructor(checksums: readonly BlobChecksum[] = []) {
    const wanted = new Set(checksums);
    this.#sha256 = wanted.has('sha256') ? createHash('sha256') : undefined;
    this.#sha1 = wanted.has('sha1') ? createHash('sha1') : undefined;
    this.#crc32 = wanted.has('crc32') ? new Crc32('crc32') : undefined;
    this.#crc32c = wanted.has('crc32c') ? new Crc32('crc32c') : undefined;
    this.#crc64nvme = wanted.has('crc64nvme') ? new Crc64Nvme() : undefined;
  }

  /** Bytes taken so far. */
  get size(): number {
    return this.#size;
  }

  update(chunk: Uint8Array): void {
    this.#size += chunk.length;
    this.#md5.update(chunk);
    this.#sha256?.update(chunk);
    this.#sha1?.update(chunk);
    this.#crc32?.update(chunk);
    this.#crc32c?.update(chunk);
    this.#crc64nvme?.update(chunk);
  }

  digests(): BlobDigests {
    return {
      size: this.#size,
      md5Hex: this.#md5.digest('hex'),
      ...(this.#sha256 === undefined ? {} : { sha256Base64: this.#sha256.digest('base64') }),
      ...(this.#sha1 === undefined ? {} : { sha1Base64: this.#sha1.digest('base64') }),
      ...(this.#crc32 === undefined ? {} : { crc32Base64: this.#crc32.digest().toString('base64') }),
      ...(this.#crc32c === undefined ? {} : { crc32cBase64: this.#crc32c.digest().toString('base64') }),
      ...(this.#crc64nvme === undefined ? {} : { crc64nvmeBase64: this.#crc64nvme.digest().toString('base64') }),
    };
  }
}
