/**
 * The embedded store (design.md, "Storage"): one better-sqlite3 connection to `<dataDir>/iamlab.db`.
 *
 * Durability: WAL with `synchronous=NORMAL`. A commit appends its frames to the WAL file with write(2)
 * before COMMIT returns; the file's pages are then in the operating system's cache, which outlives the
 * process, so an acknowledged write survives `kill -9` (what the port promises, and what
 * test/store/durability.test.ts checks). What NORMAL gives up is the fsync per commit: after a power cut or
 * kernel crash the last transactions may be lost, but the database stays consistent. FULL would fsync on
 * every commit, several milliseconds each on ordinary disks, for a guarantee a local lab does not need.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../port.js';
import { migrateSqlite } from './migrate-sqlite.js';
import { sqliteMigrations } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

export type SqliteStoreOptions = { readonly dataDir: string } | { readonly memory: true };

export const SQLITE_FILE_NAME = 'iamlab.db';

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const db = openDatabase(options);
  try {
    migrateSqlite(db, sqliteMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteStore(db);
}

function openDatabase(options: SqliteStoreOptions): Database.Database {
  if ('memory' in options) return new Database(':memory:');
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(join(options.dataDir, SQLITE_FILE_NAME));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Another process (a second `iamlab` on the same data directory) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
