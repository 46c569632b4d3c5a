/**
 * The blob contract (src/store/blob/blob-store.ts), run against every blob store: files, memory, and PostgreSQL
 * (in a fresh schema dropped afterwards; loudly skipped without a server). Sizes and ranges are chosen around
 * the PostgreSQL store's chunk size, where its arithmetic could go wrong; the other stores must agree anyway.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import pg from 'pg';
import { BlobDigester } from '../../src/store/blob/blob-digester.js';
import type { BlobChecksum, BlobDigests, BlobStore } from '../../src/store/blob/blob-store.js';
import { BlobMissingError, BlobTooLargeError } from '../../src/store/blob/blob-store.js';
import { FsBlobStore, MemoryBlobStore } from '../../src/store/blob/index.js';
import { openPostgresStore } from '../../src/store/index.js';
import { BLOB_CHUNK_BYTES, PostgresBlobStore } from '../../src/store/postgres/postgres-blob-store.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { isStoreUnavailable } from '../../src/store/store-unavailable.js';
import { dropSchema, POSTGRES_SKIP_REASON, POSTGRES_URL, randomSchemaName } from './postgres-test-schema.js';

const C = BLOB_CHUNK_BYTES;
const ALL_CHECKSUMS: readonly BlobChecksum[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];
const NO_LIMIT = { maxBytes: Number.MAX_SAFE_INTEGER };
/** Six chunks with a short last one: more than one read batch (four chunks) of the PostgreSQL store. */
const BIG = 5 * C + 12_345;

/** Deterministic bytes; `seed` tells two bodies of one size apart. */
function bytesOf(size: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed + (i >>> 13)) & 0xff;
  return bytes;
}

/** `bytes` streamed in pieces of `piece` bytes, through one reused buffer (as a socket reader may do). */
async function* streamed(bytes: Buffer, piece = 7_777): AsyncIterable<Uint8Array> {
  const reused = Buffer.alloc(piece);
  for (let offset = 0; offset < bytes.length; offset += piece) {
    const n = Math.min(piece, bytes.length - offset);
    bytes.copy(reused, 0, offset, offset + n);
    yield reused.subarray(0, n);
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function reference(bytes: Buffer): BlobDigests {
  const digester = new BlobDigester(ALL_CHECKSUMS);
  digester.update(bytes);
  return digester.digests();
}

interface Subject {
  readonly blobs: BlobStore;
  /** Bytes of writes that never finished (temporary files, chunks without a pointer). */
  leftovers(): Promise<number>;
  /** Leaves what a write killed mid-way leaves: long ago (`old`), or by a write still under way. */
  crashedWrite?(old: boolean): Promise<void>;
  /** False for the memory store: nothing outlives its process, so it never has orphans to remove. */
  readonly hasOrphans: boolean;
}

/** Digests of one input by store, compared across stores at the end. */
const digestsByStore = new Map<string, BlobDigests>();
const SHARED_INPUT = bytesOf(2 * C + 3, 99);

function runBlobContract(name: string, open: () => Promise<Subject>, close: () => Promise<void>): void {
  describe(`blob contract: ${name}`, () => {
    let subject: Subject;
    let blobs: BlobStore;
    before(async () => {
      subject = await open();
      blobs = subject.blobs;
    });
    after(close);
    beforeEach(() => blobs.clear());

    test('bytes and digests round-trip for sizes around the chunk size', async () => {
      for (const size of [0, 1, C - 1, C, C + 1, 3 * C + 4_321, BIG]) {
        const bytes = bytesOf(size);
        const digests = await blobs.write(`size/${size}`, streamed(bytes), { maxBytes: size, checksums: ALL_CHECKSUMS });
        assert.deepEqual(digests, reference(bytes), `digests of ${size} bytes`);
        assert.equal(digests.md5Hex, createHash('md5').update(bytes).digest('hex'));
        assert.equal(digests.sha256Base64, createHash('sha256').update(bytes).digest('base64'));
        const back = await collect(blobs.read(`size/${size}`));
        assert.equal(back.length, size);
        assert.ok(back.equals(bytes), `bytes of ${size}`);
      }
      // The body in one piece, and in pieces that end exactly on chunk borders.
      const bytes = bytesOf(2 * C + 1, 3);
      await blobs.write('whole', streamed(bytes, bytes.length), NO_LIMIT);
      await blobs.write('borders', streamed(bytes, C), NO_LIMIT);
      assert.ok((await collect(blobs.read('whole'))).equals(bytes));
      assert.ok((await collect(blobs.read('borders'))).equals(bytes));
      assert.equal(await subject.leftovers(), 0);
    });

    test('the same input has the same digests on every store', async () => {
      const digests = await blobs.write('shared', streamed(SHARED_INPUT, 1_000), { maxBytes: SHARED_INPUT.length, checksums: ALL_CHECKSUMS });
      digestsByStore.set(name, digests);
      assert.deepEqual(digests, reference(SHARED_INPUT));
    });

    test('ranges inside a chunk, across chunk borders, over several read batches, and the last byte', async () => {
      const bytes = bytesOf(BIG);
      await blobs.write('ranged', streamed(bytes), NO_LIMIT);
      const ranges: [number, number][] = [
        [0, 0],
        [5, 10],
        [C - 3, C + 2],
        [C, 2 * C - 1],
        [C - 1, 3 * C],
        [1, BIG - 2],
        [3 * C + 7, BIG - 1],
        [BIG - 1, BIG - 1],
        [0, BIG - 1],
      ];
      for (const [start, end] of ranges) {
        const got = await collect(blobs.read('ranged', { start, end }));
        assert.ok(got.equals(bytes.subarray(start, end + 1)), `range ${start}-${end}`);
      }
      const small = bytesOf(100);
      await blobs.write('small', streamed(small), NO_LIMIT);
      assert.ok((await collect(blobs.read('small', { start: 10, end: 99 }))).equals(small.subarray(10)));
    });

    test('writing a key again replaces its bytes; a read under way never mixes the two', async () => {
      const old = bytesOf(BIG, 1);
      const replacement = bytesOf(C + 10, 2);
      await blobs.write('k', streamed(old), NO_LIMIT);
      const reader = blobs.read('k')[Symbol.asyncIterator]();
      const first = await reader.next();
      assert.equal(first.done, false);
      await blobs.write('k', streamed(replacement), NO_LIMIT);
      const pieces = [Buffer.from(first.value)];
      const outcome = await (async (): Promise<unknown> => {
        for (let next = await reader.next(); next.done !== true; next = await reader.next()) pieces.push(Buffer.from(next.value));
        return undefined;
      })().catch((error: unknown) => error);
      // The old bytes whole (the file store reads an open file), or an error (the old chunks are gone): never part of each.
      if (outcome === undefined) assert.ok(Buffer.concat(pieces).equals(old), 'a finished read returned the old bytes');
      else assert.ok(outcome instanceof BlobMissingError, outcome instanceof Error ? outcome.message : typeof outcome);
      assert.ok((await collect(blobs.read('k'))).equals(replacement));
      assert.equal(await subject.leftovers(), 0);
    });

    test('concurrent writes of one key leave one of them, whole, and nothing else', async () => {
      const bodies = [bytesOf(10, 1), bytesOf(C + 5, 2), bytesOf(2 * C, 3), bytesOf(0), bytesOf(3 * C + 1, 4)];
      await Promise.all(bodies.map((bytes) => blobs.write('contended', streamed(bytes), NO_LIMIT)));
      const final = await collect(blobs.read('contended'));
      assert.ok(
        bodies.some((bytes) => bytes.equals(final)),
        `${final.length} bytes that no writer wrote`,
      );
      assert.equal(await subject.leftovers(), 0);
    });

    test('a body past maxBytes is refused: nothing kept, the old blob intact', async () => {
      const old = bytesOf(C + 1, 5);
      await blobs.write('limited', streamed(old), NO_LIMIT);
      for (const size of [10, 3 * C]) {
        const error = await blobs.write('limited', streamed(bytesOf(size, 6)), { maxBytes: size - 1 }).catch((e: unknown) => e);
        assert.ok(error instanceof BlobTooLargeError, String(error));
        assert.equal(error.maxBytes, size - 1);
      }
      await assert.rejects(blobs.write('fresh', streamed(bytesOf(2 * C + 1)), { maxBytes: 2 * C }), BlobTooLargeError);
      assert.equal(await blobs.exists('fresh'), false);
      assert.ok((await collect(blobs.read('limited'))).equals(old));
      assert.equal(await subject.leftovers(), 0);
    });

    test('a body that fails mid-way keeps nothing', async () => {
      async function* failing(): AsyncIterable<Uint8Array> {
        yield bytesOf(2 * C + 5);
        throw new Error('the client went away');
      }
      await assert.rejects(blobs.write('failed', failing(), NO_LIMIT), /the client went away/);
      assert.equal(await blobs.exists('failed'), false);
      assert.equal(await subject.leftovers(), 0);
    });

    test('delete and exists; reading a missing blob throws BlobMissingError', async () => {
      assert.equal(await blobs.exists('gone'), false);
      await blobs.write('gone', streamed(bytesOf(C + 1)), NO_LIMIT);
      await blobs.write('empty', streamed(bytesOf(0)), NO_LIMIT);
      assert.equal(await blobs.exists('gone'), true);
      assert.equal(await blobs.exists('empty'), true);
      assert.equal(await blobs.delete('gone'), true);
      assert.equal(await blobs.delete('gone'), false);
      assert.equal(await blobs.exists('gone'), false);
      await assert.rejects(collect(blobs.read('gone')), BlobMissingError);
      await assert.rejects(collect(blobs.read('gone', { start: 0, end: 0 })), BlobMissingError);
      await assert.rejects(collect(blobs.read('never')), BlobMissingError);
      assert.equal(await blobs.delete('empty'), true);
      assert.equal(await subject.leftovers(), 0);
    });

    test('clear removes every blob, and writing works again after it', async () => {
      await blobs.write('a', streamed(bytesOf(1)), NO_LIMIT);
      await blobs.write('b', streamed(bytesOf(2 * C)), NO_LIMIT);
      await blobs.clear();
      assert.equal(await blobs.exists('a'), false);
      assert.equal(await blobs.exists('b'), false);
      await blobs.write('c', streamed(bytesOf(3)), NO_LIMIT);
      assert.ok((await collect(blobs.read('c'))).equals(bytesOf(3)));
    });

    test('removeOrphans keeps referenced and recent blobs and removes old unreferenced ones and crash leftovers', async () => {
      await blobs.write('referenced', streamed(bytesOf(C + 1)), NO_LIMIT);
      await blobs.write('unreferenced', streamed(bytesOf(5)), NO_LIMIT);
      await blobs.write('unreferenced-big', streamed(bytesOf(2 * C + 1)), NO_LIMIT);
      await subject.crashedWrite?.(true);
      await subject.crashedWrite?.(false);
      // Everything is recent: a write whose metadata is on its way must not lose its bytes.
      assert.equal(await blobs.removeOrphans(['referenced'], Date.now() - 60_000), subject.crashedWrite === undefined ? 0 : 1);
      assert.equal(await blobs.exists('unreferenced'), true);
      assert.equal(await subject.leftovers(), subject.crashedWrite === undefined ? 0 : 1, 'the write under way is left alone');
      // A cut-off in the future makes every blob old (and, for PostgreSQL, the write under way too: its chunks'
      // time is all it has to tell; the file store knows its writer's pid).
      const removed = await blobs.removeOrphans(new Set(['referenced']), Date.now() + 5_000);
      if (subject.hasOrphans) {
        assert.ok(removed >= 2, `${removed} removed`);
        assert.equal(await blobs.exists('unreferenced'), false);
        assert.equal(await blobs.exists('unreferenced-big'), false);
      } else {
        assert.equal(removed, 0);
      }
      assert.ok((await collect(blobs.read('referenced'))).equals(bytesOf(C + 1)));
    });
  });
}

// Files.
{
  let dir = '';
  runBlobContract(
    'files',
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'iamlab-blob-contract-'));
      const names = async (): Promise<string[]> => readdir(join(dir, 'tmp')).catch(() => []);
      return {
        blobs: new FsBlobStore(dir),
        hasOrphans: true,
        leftovers: async () => (await names()).length,
        crashedWrite: async (old) => {
          // A temporary file names its writer's pid: one above any pid is a process that is gone.
          await mkdir(join(dir, 'tmp'), { recursive: true });
          await writeFile(join(dir, 'tmp', `${old ? 4_194_305 : process.pid}-1-crashed`), bytesOf(10));
        },
      };
    },
    () => rm(dir, { recursive: true, force: true }),
  );
}

// Memory.
runBlobContract(
  'memory',
  async () => ({ blobs: new MemoryBlobStore(), hasOrphans: false, leftovers: async () => 0 }),
  async () => undefined,
);

// PostgreSQL.
if (POSTGRES_URL === undefined) {
  test('blob contract: postgres', (t) => {
    t.skip(POSTGRES_SKIP_REASON);
  });
} else {
  const url = POSTGRES_URL;
  const schema = randomSchemaName('blobs');
  let store: PostgresStore | undefined;
  let sql: pg.Pool | undefined;
  const query = async <R extends object>(text: string, values: unknown[] = []): Promise<R[]> => {
    sql ??= new pg.Pool({ connectionString: url, options: `-c search_path="${schema}"`, max: 2 });
    return (await sql.query<R>(text, values)).rows;
  };
  const leftovers = async (): Promise<number> =>
    Number(
      (
        await query<{ n: string }>(
          'SELECT count(DISTINCT upload_id) AS n FROM blob_chunks c WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.upload_id = c.upload_id)',
        )
      )[0]?.n,
    );
  runBlobContract(
    'postgres',
    async () => {
      store = await openPostgresStore({ url, schema, checkReentry: true });
      return {
        blobs: store.blobStore(),
        hasOrphans: true,
        leftovers,
        // Chunks without a pointer: a node killed mid-upload (two hours ago), or one still uploading.
        crashedWrite: async (old) => {
          await query(
            `INSERT INTO blob_chunks (upload_id, n, data, created_at)
             SELECT u, n, '\\x0102'::bytea, now() - $1::integer * interval '1 hour' FROM gen_random_uuid() AS u, generate_series(0, 2) AS n`,
            [old ? 2 : 0],
          );
        },
      };
    },
    async () => {
      await store?.close();
      await sql?.end();
      await dropSchema(url, schema);
    },
  );

  describe('blob store: postgres only', () => {
    let pgStore: PostgresStore;
    let blobs: BlobStore;
    before(async () => {
      pgStore = await openPostgresStore({ url, schema: `${schema}_own`, checkReentry: true });
      blobs = pgStore.blobStore();
    });
    after(async () => {
      await pgStore.close();
      await dropSchema(url, `${schema}_own`);
    });
    beforeEach(() => blobs.clear());
    const ownQuery = async <R extends object>(text: string): Promise<R[]> => {
      const client = new pg.Client({ connectionString: url, options: `-c search_path="${schema}_own"` });
      await client.connect();
      try {
        return (await client.query<R>(text)).rows;
      } finally {
        await client.end();
      }
    };

    test('bytes are cut into fixed chunks as they arrive, and become visible only once all are in', async () => {
      let resume: () => void = () => undefined;
      const paused = new Promise<void>((resolve) => (resume = resolve));
      const bytes = bytesOf(3 * C + 17);
      async function* slow(): AsyncIterable<Uint8Array> {
        yield bytes.subarray(0, 2 * C + 1);
        await paused;
        yield bytes.subarray(2 * C + 1);
      }
      const writing = blobs.write('slow', slow(), NO_LIMIT);
      // Two full chunks are in the table before the body ends; the key is not there yet.
      for (let i = 0; i < 200 && Number((await ownQuery<{ n: string }>('SELECT count(*) AS n FROM blob_chunks'))[0]?.n) < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const sizes = await ownQuery<{ n: number; size: number }>('SELECT n, length(data) AS size FROM blob_chunks ORDER BY n');
      assert.deepEqual(sizes, [
        { n: 0, size: C },
        { n: 1, size: C },
      ]);
      assert.equal(await blobs.exists('slow'), false);
      resume();
      await writing;
      const all = await ownQuery<{ n: number; size: number }>('SELECT n, length(data) AS size FROM blob_chunks ORDER BY n');
      assert.deepEqual(
        all.map((row) => row.size),
        [C, C, C, 17],
      );
      assert.ok((await collect(blobs.read('slow'))).equals(bytes));
    });

    test('an upload whose chunks a sweep removed while it stalled fails rather than point at missing bytes', async () => {
      let resume: () => void = () => undefined;
      const paused = new Promise<void>((resolve) => (resume = resolve));
      async function* stalled(): AsyncIterable<Uint8Array> {
        yield bytesOf(2 * C + 1);
        await paused;
        yield bytesOf(C);
      }
      const writing = blobs.write('stalled', stalled(), NO_LIMIT).catch((error: unknown) => error);
      for (let i = 0; i < 200 && Number((await ownQuery<{ n: string }>('SELECT count(*) AS n FROM blob_chunks'))[0]?.n) < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // A cut-off in the future: the stalled upload's chunks look abandoned.
      assert.equal(await blobs.removeOrphans([], Date.now() + 5_000), 1);
      resume();
      const error = await writing;
      assert.ok(isStoreUnavailable(error), String(error));
      assert.equal(await blobs.exists('stalled'), false);
      await blobs.removeOrphans([], Date.now() + 5_000);
      assert.deepEqual(await ownQuery('SELECT * FROM blob_chunks'), []);
    });

    test('removeOrphans pages through more pointers than it asks for at once (1,000)', async () => {
      const keys = ['', ...Array.from({ length: 2_100 }, (_, i) => `many/${String(i).padStart(4, '0')}`)];
      await ownQuery(
        `INSERT INTO blobs (key, upload_id, size, created_at) SELECT k, gen_random_uuid(), 0, now() - interval '2 hours' FROM unnest(ARRAY[${keys.map((k) => `'${k}'`).join(',')}]) AS k`,
      );
      const referenced = keys.filter((_, i) => i % 3 === 0);
      assert.equal(await blobs.removeOrphans(referenced, Date.now() - 60_000), keys.length - referenced.length);
      const left = (await ownQuery<{ key: string }>('SELECT key FROM blobs ORDER BY key')).map((row) => row.key);
      assert.deepEqual(left, referenced);
    });

    test('a database that cannot be reached is StoreUnavailableError (the client gets 503)', async () => {
      const unreachable = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
      unreachable.on('error', () => undefined);
      try {
        const down = new PostgresBlobStore(unreachable);
        await assert.rejects(down.write('k', streamed(bytesOf(10)), NO_LIMIT), isStoreUnavailable);
        await assert.rejects(down.write('k', streamed(bytesOf(2 * C)), NO_LIMIT), isStoreUnavailable);
        await assert.rejects(collect(down.read('k')), isStoreUnavailable);
        await assert.rejects(down.exists('k'), isStoreUnavailable);
        await assert.rejects(down.delete('k'), isStoreUnavailable);
        await assert.rejects(down.removeOrphans([], Date.now()), isStoreUnavailable);
        await assert.rejects(down.clear(), isStoreUnavailable);
      } finally {
        await unreachable.end();
      }
    });
  });
}

test('every store reports the same digests for the same input', () => {
  const all = [...digestsByStore.values()];
  assert.ok(all.length >= 2, `digests from ${[...digestsByStore.keys()].join(', ')}`);
  for (const digests of all) assert.deepEqual(digests, all[0]);
});
