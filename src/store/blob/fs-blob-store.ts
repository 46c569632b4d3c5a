/**
 * Blobs as files under one directory. A key never becomes a path: its SHA-256 names the file, so no key
 * can reach outside the directory. Writes go to a temporary file that is fsynced and then renamed over the
 * final name, so a reader sees the old blob or the new one, never half of one. Small blobs are also kept in
 * memory (SmallBlobCache): a 1 KiB GetObject then costs no open/read/close on the thread pool.
 */
import { processAlive } from '../../lib/process-alive.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobDigests, BlobLimits, BlobStore, ByteRange } from './blob-store.js';
import { BlobMissingError, BlobTooLargeError } from './blob-store.js';
import { BlobDigester } from './blob-digester.js';
import { isFsUnavailable, StoreUnavailableError } from '../store-unavailable.js';

let tempCounter = 0;

/**
 * The bytes of recently written or read small blobs, least recently used first out. This store is the only
 * writer of its directory, and `write` and `delete` update the cache, so it never serves stale bytes. A read
 * that was under way while any blob was deleted does not fill the cache (`generation`): it may have read the
 * file of a blob deleted meanwhile, and caching those bytes would serve a deleted blob and keep it in memory.
 */
class SmallBlobCache {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;
  #generation = 0;

  constructor(
    readonly maxEntryBytes: number,
    readonly maxTotalBytes: number,
  ) {}

  get(key: string): Buffer | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit;
  }

  set(key: string, bytes: Buffer): void {
    this.delete(key);
    if (bytes.length > this.maxEntryBytes) return;
    this.#entries.set(key, bytes);
    this.#bytes += bytes.length;
    for (const [oldest, value] of this.#entries) {
      if (this.#bytes <= this.maxTotalBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= value.length;
    }
  }

  /** Counts deletions and clears: a read caches its bytes only if this did not move while it read. */
  get generation(): number {
    return this.#generation;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#bytes = 0;
  }

  delete(key: string): void {
    this.#generation++;
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= old.length;
  }
}

/** Collects chunks while their total stays within `limit`; `bytes()` is undefined once it went over. */
class SmallCollector {
  #chunks: Uint8Array[] | undefined = [];
  #size = 0;

  constructor(readonly limit: number) {}

  add(chunk: Uint8Array): void {
    if (this.#chunks === undefined) return;
    this.#size += chunk.length;
    if (this.#size > this.limit) this.#chunks = undefined;
    else this.#chunks.push(chunk);
  }

  /**
   * The bytes in a buffer of their own size. `Buffer.concat` would take a small result from Node's shared
   * 8 KiB pool, and a cached 1 KiB blob would then keep the whole 8 KiB block alive while counting as 1 KiB.
   */
  bytes(): Buffer | undefined {
    if (this.#chunks === undefined) return undefined;
    const out = Buffer.allocUnsafeSlow(this.#size);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** A blob's file name: its key's SHA-256, so that no key can name a path. */
function fileNameOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export class FsBlobStore implements BlobStore {
  readonly #dir: string;
  readonly #small: SmallBlobCache;
  #ready: Promise<void> | undefined;

  constructor(
    dir: string,
    cache: { readonly maxEntryBytes: number; readonly maxTotalBytes: number } = { maxEntryBytes: 64 * 1024, maxTotalBytes: 32 * 1024 * 1024 },
  ) {
    this.#dir = dir;
    this.#small = new SmallBlobCache(cache.maxEntryBytes, cache.maxTotalBytes);
  }

  #pathOf(key: string): string {
    return join(this.#dir, 'data', fileNameOf(key));
  }

  #prepare(): Promise<void> {
    this.#ready ??= Promise.all([mkdir(join(this.#dir, 'data'), { recursive: true }), mkdir(join(this.#dir, 'tmp'), { recursive: true })]).then(
      () => undefined,
      (error: unknown) => {
        // Not remembered: the next write tries again (the directory may be writable by then).
        this.#ready = undefined;
        throw error;
      },
    );
    return this.#ready;
  }

  async write(key: string, body: AsyncIterable<Uint8Array>, limits: BlobLimits): Promise<BlobDigests> {
    try {
      return await this.#write(key, body, limits);
    } catch (error) {
      // A full disk or a read-only directory: the temporary file is gone, the old blob untouched.
      if (!isFsUnavailable(error)) throw error;
      throw new StoreUnavailableError(`object bytes cannot be written under ${this.#dir}: ${(error as Error).message}`, { cause: error });
    }
  }

  async #write(key: string, body: AsyncIterable<Uint8Array>, limits: BlobLimits): Promise<BlobDigests> {
    await this.#prepare();
    const temp = join(this.#dir, 'tmp', `${process.pid}-${++tempCounter}-${Date.now().toString(36)}`);
    const file = await open(temp, 'wx');
    const digester = new BlobDigester(limits.checksums);
    const small = new SmallCollector(this.#small.maxEntryBytes);
    let committed = false;
    try {
      for await (const chunk of body) {
        digester.update(chunk);
        if (digester.size > limits.maxBytes) throw new BlobTooLargeError(limits.maxBytes);
        small.add(chunk);
        let offset = 0;
        while (offset < chunk.length) offset += (await file.write(chunk, offset, chunk.length - offset)).bytesWritten;
      }
      await file.sync();
      await file.close();
      await rename(temp, this.#pathOf(key));
      committed = true;
      const bytes = small.bytes();
      if (bytes === undefined) this.#small.delete(key);
      else this.#small.set(key, bytes);
    } finally {
      if (!committed) {
        await file.close().catch(() => undefined);
        await rm(temp, { force: true });
      }
    }
    return digester.digests();
  }

  async *read(key: string, range?: ByteRange): AsyncIterable<Uint8Array> {
    const cached = this.#small.get(key);
    if (cached !== undefined) {
      yield range === undefined ? cached : cached.subarray(range.start, range.end + 1);
      return;
    }
    // 1 MiB reads: a 64 MiB GetObject is 64 round trips to the thread pool rather than 1,024.
    const stream = createReadStream(this.#pathOf(key), {
      highWaterMark: 1024 * 1024,
      ...(range === undefined ? {} : { start: range.start, end: range.end }),
    });
    const small = range === undefined ? new SmallCollector(this.#small.maxEntryBytes) : undefined;
    const generation = this.#small.generation;
    try {
      for await (const chunk of stream) {
        small?.add(chunk as Buffer);
        yield chunk as Buffer;
      }
      const bytes = small?.bytes();
      if (bytes !== undefined && this.#small.generation === generation) this.#small.set(key, bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    this.#small.delete(key);
    const existed = await this.exists(key);
    await rm(this.#pathOf(key), { force: true });
    // Again once the file is gone: a read that began before the first delete may have cached it since.
    this.#small.delete(key);
    return existed;
  }

  async removeOrphans(referencedKeys: Iterable<string>, olderThanMs: number): Promise<number> {
    let removed = 0;
    // A temporary file belongs to a write in progress while its process lives (its name starts with the pid).
    for (const name of await namesIn(join(this.#dir, 'tmp'))) {
      const pid = Number(name.split('-')[0]);
      if (Number.isSafeInteger(pid) && pid > 0 && processAlive(pid)) continue;
      await rm(join(this.#dir, 'tmp', name), { force: true });
      removed++;
    }
    const names = await namesIn(join(this.#dir, 'data'));
    if (names.length === 0) return removed;
    const referenced = new Set<string>();
    for (const key of referencedKeys) referenced.add(fileNameOf(key));
    for (const name of names) {
      if (referenced.has(name)) continue;
      const path = join(this.#dir, 'data', name);
      // A blob written since `olderThanMs` may belong to a write whose metadata is still to be committed.
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || info.mtimeMs >= olderThanMs) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  async clear(): Promise<void> {
    this.#small.clear();
    await Promise.all([rm(join(this.#dir, 'data'), { recursive: true, force: true }), rm(join(this.#dir, 'tmp'), { recursive: true, force: true })]);
    this.#ready = undefined;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.#pathOf(key))).isFile();
    } catch {
      return false;
    }
  }
}
