/**
 * The embedded store (design.md, "Storage"): a better-sqlite3 connection to `<dataDir>/iamlab.db`.
 *
 * Durability: WAL with `synchronous=NORMAL`. A commit appends its frames to the WAL file with write(2)
 * before COMMIT returns; the file's pages are then in the operating system's cache, which outlives the
 * process, so an acknowledged write survives `kill -9` (what the port promises, and what
 * test/store/durability.test.ts checks). What NORMAL gives up is the fsync per commit: after a power cut or
 * kernel crash the last transactions may be lost, but the database stays consistent. FULL would fsync on
 * every commit, several milliseconds each on ordinary disks, for a guarantee a local lab does not need.
 *
 * Checkpoints: SQLite copies the WAL back into the database (and fsyncs both) every `wal_autocheckpoint`
 * pages, 1,000 by default. The audit trail writes hundreds of events per commit, each touching a random
 * page of the request-id index, so with the default the checkpoint ran every few commits and was most of
 * the cost of an audit write (bench/, `npm run bench`). Every 10,000 pages (≈40 MB of WAL) a page rewritten
 * many times in between is copied once, and the fsyncs are ten times rarer. The WAL file keeps that size on
 * disk between checkpoints; durability is unchanged (the frames are written at every commit as before).
 *
 * The event log is written by a second connection on a worker thread (event-writer.ts), so that audit
 * writes and their checkpoints do not take turns with requests on the main thread.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../port.js';
import { CONNECTION_PRAGMAS } from './connection-pragmas.js';
import { migrateSqlite } from './migrate-sqlite.js';
import { sqliteMigrations } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

/**
 * `checkReentry`: refuse calls from inside the store's own transactions (a debugging check, see reentry-guard.ts);
 * `checkValues` (default on): refuse values that are not JSON (json-codec.ts).
 */
type SqliteStoreOptions = ({ readonly dataDir: string } | { readonly memory: true }) & {
  readonly checkReentry?: boolean;
  readonly checkValues?: boolean;
};

const SQLITE_FILE_NAME = 'iamlab.db';

/**
 * The driver is CommonJS, loaded with `require`: imported from an ES module, Node first scans its source and the
 * files it requires for their exports (cjs-module-lexer), about 5–8 ms of every start for nothing we use.
 */
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const db = openDatabase(options);
  try {
    migrateSqlite(db, sqliteMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  const checks = { checkReentry: options.checkReentry === true, checkValues: options.checkValues !== false };
  return new SqliteStore(db, 'memory' in options ? checks : { file: db.name, ...checks });
}

function openDatabase(options: SqliteStoreOptions): BetterSqlite3.Database {
  if ('memory' in options) return new Database(':memory:');
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(join(options.dataDir, SQLITE_FILE_NAME));
  try {
    db.pragma('journal_mode = WAL');
    for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
