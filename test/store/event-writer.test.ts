/**
 * The SQLite event log written from a worker thread (src/store/sqlite/event-writer.ts): what it writes is
 * what the main connection reads, one operation at a time, and a writer that cannot work hands the writes
 * back to the store's own connection instead of losing them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/index.js';
import type { NewEvent } from '../../src/store/port.js';
import { EventWriter } from '../../src/store/sqlite/event-writer.js';
import { migrateSqlite } from '../../src/store/sqlite/migrate-sqlite.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'iamlab-event-writer-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => {
  const dir = join(root, String(dirs++));
  mkdirSync(dir, { recursive: true });
  return dir;
};

const event = (requestId: string, timeMs: number): NewEvent => ({
  timeMs,
  requestId,
  principalArn: 'arn:aws:iam::123456789012:root',
  action: 'sts:GetCallerIdentity',
  decision: 'Allowed',
  errorCode: null,
  body: { requestId, nested: { list: [1, 'two', null] } },
});

describe('event writer', () => {
  test('appends batches, moves them into rows and prunes through its own connection; any other connection sees the rows', async () => {
    const file = join(freshDir(), 'events.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrateSqlite(db, sqliteMigrations);
    const writer = new EventWriter(file);
    const batch = (from: number, to: number): string =>
      JSON.stringify(Array.from({ length: to - from }, (_, k) => [from + k, `r${from + k}`, null, null, null, null, { i: from + k }]));
    try {
      assert.equal(await writer.append(3, batch(0, 3)), 3);
      assert.equal(await writer.append(2, batch(3, 5)), 2);
      assert.equal(db.prepare('SELECT COUNT(*) FROM events').pluck().get(), 0, 'appends store batches, not rows');
      assert.equal(await writer.moveBatches(), 5);
      assert.deepEqual(db.prepare('SELECT request_id FROM events ORDER BY seq').pluck().all(), ['r0', 'r1', 'r2', 'r3', 'r4']);
      assert.equal(db.prepare('SELECT COUNT(*) FROM event_batches').pluck().get(), 0);
      assert.equal(await writer.append(3, batch(5, 8)), 3);
      // The newest four: one row and three pending events.
      assert.equal(await writer.prune(4), 4);
      assert.equal(await writer.moveBatches(), 3);
      assert.deepEqual(db.prepare('SELECT body FROM events ORDER BY seq').pluck().all(), ['{"i":4}', '{"i":5}', '{"i":6}', '{"i":7}']);
      assert.equal(writer.usable, true);
    } finally {
      await writer.close();
      db.close();
    }
    assert.equal(writer.usable, false);
  });

  test('a failed statement rejects that call only; the writer stays usable', async () => {
    const file = join(freshDir(), 'events.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrateSqlite(db, sqliteMigrations);
    const writer = new EventWriter(file);
    try {
      // count is NOT NULL.
      await assert.rejects(writer.append(null as unknown as number, '[]'), /the event log write failed: NOT NULL constraint failed/);
      assert.equal(db.prepare('SELECT COUNT(*) FROM event_batches').pluck().get(), 0);
      assert.equal(await writer.append(1, JSON.stringify([[2, 'next', null, null, null, null, {}]])), 1);
      assert.equal(await writer.moveBatches(), 1);
      assert.equal(writer.usable, true);
    } finally {
      await writer.close();
      db.close();
    }
  });

  test('a writer that cannot open its database fails the batch in flight, and the store writes the next ones itself', async () => {
    const dir = freshDir();
    const db = new Database(join(dir, 'iamlab.db'));
    migrateSqlite(db, sqliteMigrations);
    // A directory is not a database file: the worker's connection cannot open it.
    const store = new SqliteStore(db, { file: dir });
    const batch = (name: string): NewEvent[] => Array.from({ length: 64 }, (_, i) => event(`${name}-${i}`, i));
    try {
      await assert.rejects(store.appendEvents(batch('lost')), /the event log write failed/);
      await store.appendEvents(batch('kept'));
      assert.equal(await store.pruneEvents(10), 54);
      assert.deepEqual(
        (await store.queryEvents({})).map((e) => e.requestId),
        Array.from({ length: 10 }, (_, i) => `kept-${54 + i}`),
      );
    } finally {
      await store.close();
    }
  });

  test('a file store: small and large batches are read back in order, interleaved with transactions', async () => {
    const dataDir = freshDir();
    const store = await openSqliteStore({ dataDir });
    try {
      const appends: Promise<void>[] = [];
      // Batches of 25 (written on the main connection) and of 100 (by the writer thread), interleaved.
      for (let batch = 0; batch < 20; batch++) {
        const size = batch % 2 === 0 ? 25 : 100;
        appends.push(store.appendEvents(Array.from({ length: size }, (_, i) => event(`b${batch}-${i}`, batch * 1000 + i))));
        appends.push(store.transaction(async (tx) => tx.put('things', `k${batch}`, batch)));
      }
      await Promise.all(appends);
      const events = await store.queryEvents({});
      assert.equal(events.length, 1250);
      assert.deepEqual(
        events.map((e) => e.timeMs),
        [...events.map((e) => e.timeMs)].sort((a, b) => a - b),
      );
      assert.deepEqual(events[0]?.body, { requestId: 'b0-0', nested: { list: [1, 'two', null] } });
      assert.equal(await store.pruneEvents(100), 1150);
      assert.equal((await store.queryEvents({})).length, 100);
      assert.equal(await store.transaction((tx) => tx.count('things')), 20);
    } finally {
      await store.close();
    }
    // Reopened: everything acknowledged is in the file.
    const again = await openSqliteStore({ dataDir });
    try {
      assert.equal((await again.queryEvents({})).length, 100);
    } finally {
      await again.close();
    }
  });

  test('a batch the writer thread stores as UTF-8 bytes reads back as written, text beyond ASCII included, and prunes by size', async () => {
    const dataDir = freshDir();
    const store = await openSqliteStore({ dataDir });
    const text = 'caf\u00e9 \u{1F600} \u2028 \u20ac';
    try {
      const events = Array.from({ length: 100 }, (_, i): NewEvent => ({ ...event(`u${i}`, i), body: { requestId: `u${i}`, text } }));
      await store.appendEvents(events);
      const read = await store.queryEvents({});
      assert.deepEqual(
        read.map((e) => e.body),
        events.map((e) => e.body),
      );
      await store.appendEvents(events.map((e, i) => ({ ...e, requestId: `v${i}`, timeMs: 100 + i })));
      // Keep about ten events' worth of bytes: the cut falls inside the second batch, still stored as bytes.
      const one = JSON.stringify(events[0]?.body).length;
      await store.pruneEvents(1000, 10 * (one + 400));
      const kept = await store.queryEvents({});
      assert.ok(kept.length > 0 && kept.length < 100, `kept ${kept.length}`);
      assert.deepEqual(kept.at(-1)?.body, { requestId: 'u99', text });
      assert.equal(kept.at(-1)?.requestId, 'v99');
    } finally {
      await store.close();
    }
  });
});
