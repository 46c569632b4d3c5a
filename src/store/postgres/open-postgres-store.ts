/**
 * Opens the PostgreSQL store: a pool whose connections all use `schema` (created if absent), with the
 * schema migrated to the latest version.
 */
import pg from 'pg';
import { migratePostgres } from './migrate-postgres.js';
import { postgresMigrations } from './migrations.js';
import { PostgresStore } from './postgres-store.js';

interface PostgresStoreOptions {
  readonly url: string;
  /** Schema holding the tables (default: the server's search_path, normally `public`). */
  readonly schema?: string;
  /** Refuse calls from inside the store's own transactions (a debugging check, see reentry-guard.ts). */
  readonly checkReentry?: boolean;
  /** Refuse values that are not JSON (json-codec.ts; default on). */
  readonly checkValues?: boolean;
}

// Kept to plain identifiers: the name travels unescaped in the startup `options` and in error messages.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The store itself rather than the port: the lab also asks it for its blob store (`blobStore()`). */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPool(options);
  try {
    const client = await pool.connect();
    try {
      const schemaHash = await prepareSchema(client, options.schema);
      await migratePostgres(client, schemaHash, postgresMigrations);
      client.release();
      return new PostgresStore(pool, schemaHash, options.checkReentry === true, options.checkValues !== false);
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
}

function createPool(options: PostgresStoreOptions): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`schema \`${options.schema}\` must be a plain identifier (letters, digits, underscores)`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    // A server that does not answer (a network partition, a host gone) must fail requests, not hang them.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    // Set at connection start-up, so every client of the pool has it before its first query.
    ...(options.schema === undefined ? {} : { options: `-c search_path="${options.schema}"` }),
  });
  // An idle client whose connection drops emits 'error' on the pool; the pool discards it and the next
  // checkout connects afresh. Without a listener the event would crash the process.
  pool.on('error', () => undefined);
  // A client that is checked out has no pool listener: when the server goes away mid-transaction (a restart:
  // 57P01 "terminating connection due to administrator command", ECONNRESET) it emits 'error' itself, which
  // would crash the process. The query in flight fails anyway, and the store discards the client then.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Creates the schema when asked for one; returns the hash of the schema in use (the store lock's key). */
async function prepareSchema(client: pg.PoolClient, schema: string | undefined): Promise<number> {
  if (schema !== undefined) {
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (error) {
      // Two nodes creating it at once: the loser sees a unique violation; the schema exists either way.
      if (!isPgError(error, '23505') && !isPgError(error, '42P06')) throw error;
    }
  }
  const result = await client.query<{ name: string | null; hash: number }>(
    "SELECT current_schema() AS name, hashtext(COALESCE(current_schema(), '')) AS hash",
  );
  const row = result.rows[0];
  if (row?.name === null || row === undefined) {
    throw new Error('no schema to create tables in: the search_path names no existing schema');
  }
  return row.hash;
}

function isPgError(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
