/**
 * Object bytes in PostgreSQL, for a lab whose store is PostgreSQL (design.md "Storage"): every node sharing the
 * database reaches them, they follow the store's durability rule and are in its backups. Migration 5 made the
 * tables:
 *
 * - `blob_chunks (upload_id, n, data)`: the bytes of one write (an upload, a random id) cut into chunks of
 *   `BLOB_CHUNK_BYTES`, the last one shorter, so that the chunks a byte range needs are found by arithmetic.
 * - `blobs (key, upload_id, size, created_at)`: the pointer from a key to the upload that holds its bytes.
 *
 * Write: chunks are inserted as the body arrives (never the whole body in memory), each in its own transaction,
 * so that a large upload holds no pooled connection between chunks and takes no lock that other writes wait
 * for (not the store lock: a 5 GB PUT must not stop the lab). Only once every chunk is committed does one
 * transaction point the key at the upload and delete the chunks of the upload it replaces: the object exists
 * only once all its bytes are durable, and a reader finds the old upload or the new one. A body of one chunk at
 * most (most objects) goes in with its pointer in one statement.
 *
 * Read: by upload id, which never changes, a few chunks per query. A replaced or deleted blob loses its chunks
 * in the same commit as its pointer, so a read that is under way when that happens ends with BlobMissingError
 * rather than going on with other bytes; a blob of up to `READ_BATCH_CHUNKS` chunks is read in one statement
 * and never sees that. (Keeping the old chunks for readers would need a connection held for the whole read, or
 * chunks left for a sweep to find: neither is worth it for a lab.)
 *
 * A crash (`kill -9` mid-upload) leaves chunks without a pointer; `removeOrphans` deletes them once old enough.
 * An upload whose chunks were swept while it stalled fails when it finishes (the chunks are counted under the
 * upload's own lock, which the sweep takes too) rather than pointing at missing bytes.
 */
import { inPooledTransaction } from './pooled-transaction.js';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { InternalError } from '../../errors/aws-error.js';
import { BlobDigester } from '../blob/blob-digester.js';
import type { BlobDigests, BlobLimits, BlobStore, ByteRange } from '../blob/blob-store.js';
import { BlobMissingError, BlobTooLargeError } from '../blob/blob-store.js';
import { checkText } from '../input-checks.js';
import { isPostgresUnavailable, StoreUnavailableError } from '../store-unavailable.js';
import { blobStatements } from './postgres-statements.js';

/** 256 KiB: a 5 GB object is 20,000 rows, and a 1 KiB range still reads only 256 KiB. */
export const BLOB_CHUNK_BYTES = 256 * 1024;
/** Chunks per read query: 1 MiB, the file store's read size. */
const READ_BATCH_CHUNKS = 4;
/** Keys asked for at once when looking for unreferenced pointers. */
const ORPHAN_PAGE = 1000;
/** A pointer switch that meets a concurrent writer of the same key is tried again this many times. */
const PUT_ATTEMPTS = 5;

/** The upload lock's first key: "iamb" in ASCII (the store lock's is "iaml", store-lock.ts); the second is `hashtext(upload id)`. */
const UPLOAD_LOCK_CLASS = 0x69616d62;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Opens a transaction holding the lock of one upload, in one round trip (the id is a UUID, checked, so it may be
 * written into the SQL). READ COMMITTED, so that what follows sees every commit made before the lock was granted.
 */
function beginUploadLockedSql(uploadId: string): string {
  if (!UUID.test(uploadId)) throw new InternalError(`upload id \`${uploadId}\` is not a UUID`);
  return `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${UPLOAD_LOCK_CLASS}, hashtext('${uploadId}'))`;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** A PostgreSQL outage becomes StoreUnavailableError (the client's 503); anything else is left as it is. */
function unavailable(operation: string, error: unknown): unknown {
  if (!isPostgresUnavailable(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`PostgreSQL is unavailable (blob ${operation}): ${reason}`, { cause: error });
}

/** Cuts a stream into chunks of `BLOB_CHUNK_BYTES`. A full chunk is handed out only once a byte follows it. */
class ChunkCutter {
  #chunk = Buffer.allocUnsafe(BLOB_CHUNK_BYTES);
  #filled = 0;

  /** The chunks `bytes` completed (copied: a producer may reuse its buffer). */
  add(bytes: Uint8Array): Buffer[] {
    const full: Buffer[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      if (this.#filled === BLOB_CHUNK_BYTES) {
        full.push(this.#chunk);
        this.#chunk = Buffer.allocUnsafe(BLOB_CHUNK_BYTES);
        this.#filled = 0;
      }
      const n = Math.min(BLOB_CHUNK_BYTES - this.#filled, bytes.length - offset);
      this.#chunk.set(bytes.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
    }
    return full;
  }

  /** The last chunk (full or not), or undefined when no byte came since the last one handed out. */
  last(): Buffer | undefined {
    return this.#filled === 0 ? undefined : this.#chunk.subarray(0, this.#filled);
  }
}

interface HeadRow {
  readonly upload_id: string;
  readonly size: string;
  readonly n: number | null;
  readonly data: Buffer | null;
}

interface ChunkRow {
  readonly n: number;
  readonly data: Buffer;
}

export class PostgresBlobStore implements BlobStore {
  readonly #pool: Pool;

  /** `pool`: the store's, whose connections have the store's schema on their search_path. */
  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async write(key: string, body: AsyncIterable<Uint8Array>, limits: BlobLimits): Promise<BlobDigests> {
    checkText(key, 'blob key');
    const uploadId = randomUUID();
    const digester = new BlobDigester(limits.checksums);
    const cutter = new ChunkCutter();
    let inserted = 0;
    // One insert in flight while the next chunk fills; its failure is seen when the next one waits for it.
    let pending: Promise<unknown> = Promise.resolve();
    const insert = async (chunk: Buffer): Promise<void> => {
      await pending;
      pending = this.#pool.query({ ...blobStatements.insertChunk, values: [uploadId, inserted++, chunk] });
      pending.catch(() => undefined);
    };
    try {
      for await (const bytes of body) {
        digester.update(bytes);
        if (digester.size > limits.maxBytes) throw new BlobTooLargeError(limits.maxBytes);
        for (const chunk of cutter.add(bytes)) await insert(chunk);
      }
      const last = cutter.last();
      if (inserted > 0) {
        if (last !== undefined) await insert(last);
        await pending;
      }
    } catch (error) {
      // Nothing points at these chunks: removed now, or by the next sweep if the database is away.
      await pending.catch(() => undefined);
      if (inserted > 0) await this.#pool.query({ ...blobStatements.deleteUpload, values: [uploadId] }).catch(() => undefined);
      throw unavailable('write', error);
    }
    const digests = digester.digests();
    try {
      if (inserted === 0) await this.#put(key, uploadId, digests.size, cutter.last() ?? null);
      else await this.#finishUpload(key, uploadId, inserted, digests.size);
    } catch (error) {
      // Not cleaned up here: a COMMIT cut off by an outage may have happened. If it did not, the sweep finds the chunks.
      throw unavailable('write', error);
    }
    return digests;
  }

  /** Points `key` at a blob of at most one chunk, inserting that chunk in the same statement. */
  async #put(key: string, uploadId: string, size: number, only: Buffer | null): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#pool.query({ ...blobStatements.put, values: [key, uploadId, size, only] });
        return;
      } catch (error) {
        if (attempt >= PUT_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Points `key` at an upload whose chunks are committed, after checking they are all still there. */
  async #finishUpload(key: string, uploadId: string, chunks: number, size: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#underUploadLock(uploadId, async (client) => {
          const counted = (await client.query<{ chunks: number; bytes: string }>({ ...blobStatements.countChunks, values: [uploadId] })).rows[0];
          if (counted?.chunks !== chunks || Number(counted.bytes) !== size) {
            throw new StoreUnavailableError(`the bytes of \`${key}\` were removed while they were written (a reset, or a sweep after a long stall)`);
          }
          await client.query({ ...blobStatements.put, values: [key, uploadId, size, null] });
        });
        return;
      } catch (error) {
        if (attempt >= PUT_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async *read(key: string, range?: ByteRange): AsyncIterable<Uint8Array> {
    checkText(key, 'blob key');
    try {
      const first = range === undefined ? 0 : Math.floor(range.start / BLOB_CHUNK_BYTES);
      const headLast = first + READ_BATCH_CHUNKS - 1;
      const head = await this.#query<HeadRow>(blobStatements.readHead, [
        key,
        first,
        range === undefined ? headLast : Math.min(headLast, Math.floor(range.end / BLOB_CHUNK_BYTES)),
      ]);
      const pointer = head[0];
      if (pointer === undefined) throw new BlobMissingError(key);
      const size = Number(pointer.size);
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size - 1, size - 1);
      if (end < start) return;
      const last = Math.floor(end / BLOB_CHUNK_BYTES);
      let rows: readonly { readonly n: number | null; readonly data: Buffer | null }[] = head;
      for (let from = first; from <= last; from += READ_BATCH_CHUNKS) {
        const to = Math.min(last, from + READ_BATCH_CHUNKS - 1);
        if (from !== first) rows = await this.#query<ChunkRow>(blobStatements.readChunks, [pointer.upload_id, from, to]);
        for (let n = from; n <= to; n++) {
          const row = rows[n - from];
          // Fewer chunks than the size needs: the blob was replaced or deleted since the read began.
          if (row?.n !== n || row.data === null) throw new BlobMissingError(key);
          const offset = n * BLOB_CHUNK_BYTES;
          yield row.data.subarray(Math.max(0, start - offset), Math.min(row.data.length, end - offset + 1));
        }
      }
    } catch (error) {
      throw unavailable('read', error);
    }
  }

  async delete(key: string): Promise<boolean> {
    checkText(key, 'blob key');
    try {
      return ((await this.#query<{ n: number }>(blobStatements.delete, [key]))[0]?.n ?? 0) > 0;
    } catch (error) {
      throw unavailable('delete', error);
    }
  }

  async exists(key: string): Promise<boolean> {
    checkText(key, 'blob key');
    try {
      return (await this.#query(blobStatements.exists, [key])).length > 0;
    } catch (error) {
      throw unavailable('exists', error);
    }
  }

  /**
   * Removes pointers written before `olderThanMs` whose key is not referenced, and the chunks of uploads that have
   * no pointer and took no chunk since then (a crashed or abandoned write). Times are the server's: `olderThanMs`
   * becomes an age by this process's clock and the age is applied to the server's `now()`, so that nodes whose
   * clocks disagree agree on what is old. Returns how many pointers and abandoned uploads went.
   */
  async removeOrphans(referencedKeys: Iterable<string>, olderThanMs: number): Promise<number> {
    try {
      const ageMs = Date.now() - olderThanMs;
      const referenced = new Set(referencedKeys);
      let removed = 0;
      let after: string | null = null;
      for (;;) {
        const keys: string[] = (await this.#query<{ key: string }>(blobStatements.oldKeys, [ageMs, after, ORPHAN_PAGE])).map((row) => row.key);
        const unreferenced = keys.filter((key) => !referenced.has(key));
        if (unreferenced.length > 0) removed += (await this.#query<{ n: number }>(blobStatements.deleteOld, [unreferenced, ageMs]))[0]?.n ?? 0;
        if (keys.length < ORPHAN_PAGE) break;
        after = keys[keys.length - 1] ?? null;
      }
      for (const { upload_id: uploadId } of await this.#query<{ upload_id: string }>(blobStatements.abandonedUploads, [ageMs])) {
        const deleted = await this.#underUploadLock(uploadId, async (client) => {
          return (await client.query({ ...blobStatements.deleteAbandoned, values: [uploadId, ageMs] })).rowCount ?? 0;
        });
        if (deleted > 0) removed++;
      }
      return removed;
    } catch (error) {
      throw unavailable('removeOrphans', error);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.#pool.query(blobStatements.clear);
    } catch (error) {
      throw unavailable('clear', error);
    }
  }

  async #query<R extends object>(statement: Pick<QueryConfig, 'name' | 'text'>, values: unknown[]): Promise<R[]> {
    return (await this.#pool.query<R>({ ...statement, values })).rows;
  }

  /** Runs `work` in a transaction holding the lock of `uploadId`: COMMIT when it resolves, ROLLBACK when it throws. */
  #underUploadLock<T>(uploadId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inPooledTransaction(this.#pool, beginUploadLockedSql(uploadId), work);
  }
}
