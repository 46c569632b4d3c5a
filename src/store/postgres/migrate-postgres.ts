/** Applies the pending PostgreSQL migrations in one transaction holding the store lock. */
import type { ClientBase } from 'pg';
import { pendingMigrations, type Migration } from '../migration.js';
import { beginLockedSql } from './store-lock.js';

/** `client` must have the store's search_path; returns the versions applied. */
export async function migratePostgres(client: ClientBase, schemaHash: number, migrations: readonly Migration[]): Promise<number[]> {
  // The lock makes nodes that start together apply each migration once.
  await client.query(beginLockedSql(schemaHash));
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const current = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0)::integer AS version FROM schema_migrations');
    const applied: number[] = [];
    for (const migration of pendingMigrations(migrations, current.rows[0]?.version ?? 0)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    // The migration's error is the one to report, even when the connection is too broken to roll back.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
