/**
 * Blobs kept in the process's memory, for a lab whose store is `memory` (an in-process lab for a test suite:
 * nothing on disk, everything gone at `stop()`). A blob becomes visible only once all its bytes arrived, as in
 * the file store: a reader sees the old bytes or the new ones, never part of them.
 */
import type { BlobDigests, BlobLimits, BlobStore, ByteRange } from './blob-store.js';
import { BlobMissingError, BlobTooLargeError } from './blob-store.js';
import { BlobDigester } from './blob-digester.js';

export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Buffer>();

  async write(key: string, body: AsyncIterable<Uint8Array>, limits: BlobLimits): Promise<BlobDigests> {
    const digester = new BlobDigester(limits.checksums);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) {
      digester.update(chunk);
      if (digester.size > limits.maxBytes) throw new BlobTooLargeError(limits.maxBytes);
      // Copied: a chunk may be a view into a buffer its producer reuses.
      chunks.push(Buffer.from(chunk));
    }
    this.#blobs.set(key, Buffer.concat(chunks));
    return digester.digests();
  }

  async *read(key: string, range?: ByteRange): AsyncIterable<Uint8Array> {
    const bytes = this.#blobs.get(key);
    if (bytes === undefined) throw new BlobMissingError(key);
    yield range === undefined ? bytes : bytes.subarray(range.start, range.end + 1);
  }

  async delete(key: string): Promise<boolean> {
    return this.#blobs.delete(key);
  }

  async exists(key: string): Promise<boolean> {
    return this.#blobs.has(key);
  }

  /** Nothing outlives the process here, so no earlier process can have left an orphan. */
  async removeOrphans(_referencedKeys: Iterable<string>, _olderThanMs: number): Promise<number> {
    return 0;
  }

  async clear(): Promise<void> {
    this.#blobs.clear();
  }
}
