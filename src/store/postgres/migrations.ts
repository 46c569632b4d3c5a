/**
 * PostgreSQL schema, as numbered migrations (see `../migration.ts`).
 *
 * - Keys are `COLLATE "C"`: byte order of their UTF-8, the order the port requires and SQLite uses.
 * - Values and event bodies are `text` holding `JSON.stringify` output, not `jsonb`: jsonb reorders object
 *   keys and would not give back the value as written.
 */
import type { Migration } from '../migration.js';

export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'collection entries',
    sql: `
      CREATE TABLE entries (
        collection text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (collection, key)
      );
    `,
  },
  {
    version: 2,
    name: 'event log',
    // An identity column is never reset by DELETE or TRUNCATE (without RESTART IDENTITY): seqs are not reused.
    sql: `
      CREATE TABLE events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        time_ms bigint NOT NULL,
        request_id text NOT NULL,
        principal_arn text,
        action text,
        decision text,
        error_code text,
        body text NOT NULL
      );
      CREATE INDEX events_request_id ON events (request_id, seq);
      CREATE INDEX events_principal_arn ON events (principal_arn, seq);
      CREATE INDEX events_denied ON events (seq) WHERE decision IS DISTINCT FROM 'Allowed' OR error_code IS NOT NULL;
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
    // Nothing to change here: SQLite's event log now stores appended batches whole (sqlite/event-log.ts)
    // because its writer thread competed with requests for a two-core machine; PostgreSQL writes in its own
    // process, row by row as before. The version keeps both dialects' numbering the same.
    sql: `SELECT 1`,
  },
  {
    version: 5,
    name: 'change feed',
    // Several nodes on one database (design.md "One lab on many nodes"): every change of in-memory state is a
    // row here, numbered by the one-row head under the store lock, so seqs are gap-free and in commit order
    // (a sequence would hand out numbers that become visible out of order). Old rows are pruned.
    sql: `
      CREATE TABLE change_head (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        seq bigint NOT NULL
      );
      INSERT INTO change_head (seq) VALUES (0);
      CREATE TABLE changes (
        seq bigint PRIMARY KEY,
        node text NOT NULL,
        part text NOT NULL,
        body text NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'object bytes',
    // S3 object bytes (postgres-blob-store.ts explains the layout). A chunk's bytes are stored uncompressed
    // (STORAGE EXTERNAL): object bodies are mostly compressed already (images, archives, gzip), and pglz would
    // spend CPU on every write and every read of a chunk for little.
    sql: `
      CREATE TABLE blobs (
        key text COLLATE "C" PRIMARY KEY,
        upload_id uuid NOT NULL UNIQUE,
        size bigint NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE blob_chunks (
        upload_id uuid NOT NULL,
        n integer NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (upload_id, n)
      );
      ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
    `,
  },
];
