/**
 * SQLite schema, as numbered migrations (see `../migration.ts`). Keys use the default BINARY collation:
 * memcmp over UTF-8, i.e. byte order, as the port requires.
 */
import type { Migration } from '../migration.js';

export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'collection entries',
    sql: `
      CREATE TABLE entries (
        collection TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (collection, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'event log',
    // AUTOINCREMENT: a seq is never reused, even after clear(), so a follower's afterSeq stays meaningful.
    sql: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time_ms INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        principal_arn TEXT,
        action TEXT,
        decision TEXT,
        error_code TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX events_request_id ON events (request_id, seq);
      CREATE INDEX events_principal_arn ON events (principal_arn, seq);
      CREATE INDEX events_denied ON events (seq) WHERE decision IS NOT 'Allowed' OR error_code IS NOT NULL;
      CREATE INDEX events_time_ms ON events (time_ms);
    `,
  },
  {
    version: 3,
    name: 'no time index on the event log',
    // No query filters or orders events by time (they go by seq), and each insert paid for this index:
    // about a quarter of an audit write (bench/, `npm run bench`).
    sql: `
      DROP INDEX IF EXISTS events_time_ms;
    `,
  },
  {
    version: 4,
    name: 'event batches',
    // Appends store a batch per row; the batches become rows of events when the log is read or pruned
    // (event-log.ts explains why).
    sql: `
      CREATE TABLE event_batches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        count INTEGER NOT NULL,
        rows TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'change feed',
    // Nothing to change: only a store several nodes share keeps a change feed (PostgreSQL). The version keeps
    // both dialects' numbering the same.
    sql: `SELECT 1`,
  },
  {
    version: 6,
    name: 'object bytes',
    // Nothing to change here: with SQLite, object bytes stay in files beside the database (fs-blob-store.ts);
    // PostgreSQL keeps them in tables so that every node sharing it reaches them. The version keeps both
    // dialects' numbering the same.
    sql: `SELECT 1`,
  },
];
