/** Applies the pending SQLite migrations in one IMMEDIATE transaction; returns the versions applied. */
import type Database from 'better-sqlite3';
import { pendingMigrations, type Migration } from '../migration.js';

export function migrateSqlite(db: Database.Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  // IMMEDIATE takes the write lock before reading the version, so two processes opening the same file at
  // once cannot both apply a migration.
  db.exec('BEGIN IMMEDIATE');
  try {
    const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as {
      version: number;
    };
    const applied: number[] = [];
    const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
    for (const migration of pendingMigrations(migrations, row.version)) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name);
      applied.push(migration.version);
    }
    db.exec('COMMIT');
    return applied;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
