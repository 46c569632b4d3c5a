/** Numbered migrations: applied once, in one transaction, upgrading an older database, refusing a newer one. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.js';
import { pendingMigrations, type Migration } from '../../src/store/migration.js';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { postgresMigrations } from '../../src/store/postgres/migrations.js';
import { migrateSqlite } from '../../src/store/sqlite/migrate-sqlite.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations.js';
import { dropSchema, POSTGRES_SKIP_REASON, POSTGRES_URL, randomSchemaName } from './postgres-test-schema.js';

const latest = sqliteMigrations.length;

function withDataDir(body: (dataDir: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'iamlab-migrations-'));
  return body(join(root, 'data')).finally(() => rmSync(root, { recursive: true, force: true }));
}

function sqliteVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describe('migration lists', () => {
  test('both dialects are numbered 1, 2, 3 … and have the same versions', () => {
    assert.deepEqual(pendingMigrations(sqliteMigrations, 0), sqliteMigrations);
    assert.deepEqual(pendingMigrations(postgresMigrations, 0), postgresMigrations);
    assert.deepEqual(
      sqliteMigrations.map((m) => [m.version, m.name]),
      postgresMigrations.map((m) => [m.version, m.name]),
    );
  });

  test('a gap in the numbering is refused', () => {
    const gap: Migration[] = [
      { version: 1, name: 'one', sql: '' },
      { version: 3, name: 'three', sql: '' },
    ];
    assert.throws(() => pendingMigrations(gap, 0), /migration `three` has version 3, expected 2/);
  });
});

describe('sqlite migrations', () => {
  test('a fresh database gets every migration, and a second run applies nothing', () => {
    const db = new Database(':memory:');
    try {
      assert.deepEqual(
        migrateSqlite(db, sqliteMigrations),
        sqliteMigrations.map((m) => m.version),
      );
      assert.deepEqual(migrateSqlite(db, sqliteMigrations), []);
    } finally {
      db.close();
    }
  });

  test('opening a data directory twice applies the migrations once', () =>
    withDataDir(async (dataDir) => {
      await (await openSqliteStore({ dataDir })).close();
      await (await openSqliteStore({ dataDir })).close();
      assert.deepEqual(
        sqliteVersions(join(dataDir, 'iamlab.db')),
        sqliteMigrations.map((m) => m.version),
      );
    }));

  test('a database at version 1 is upgraded at open, keeping its data', () =>
    withDataDir(async (dataDir) => {
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, 'iamlab.db');
      const old = new Database(file);
      assert.deepEqual(migrateSqlite(old, sqliteMigrations.slice(0, 1)), [1]);
      old.prepare('INSERT INTO entries (collection, key, value) VALUES (?, ?, ?)').run('roles', 'r1', '{"b":1,"a":2}');
      old.close();
      const store = await openSqliteStore({ dataDir });
      try {
        const value = await store.transaction((tx) => tx.get('roles', 'r1'));
        assert.equal(JSON.stringify(value), '{"b":1,"a":2}');
        await store.appendEvents([{ timeMs: 1, requestId: 'r', principalArn: null, action: null, decision: null, errorCode: null, body: {} }]);
        assert.equal((await store.queryEvents({})).length, 1);
      } finally {
        await store.close();
      }
      assert.deepEqual(
        sqliteVersions(file),
        sqliteMigrations.map((m) => m.version),
      );
    }));

  test('a failing migration leaves the database as it was', () => {
    const db = new Database(':memory:');
    try {
      const broken: Migration[] = [...sqliteMigrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE x (a); SELEC nonsense' }];
      assert.deepEqual(migrateSqlite(db, sqliteMigrations.slice(0, 1)), [1]);
      assert.throws(() => migrateSqlite(db, broken), /syntax error/);
      assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').pluck().all(), [1]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      assert.deepEqual(tables, ['entries', 'schema_migrations']);
      assert.equal(db.inTransaction, false);
    } finally {
      db.close();
    }
  });

  test('a database from a newer iamlab is refused', () =>
    withDataDir(async (dataDir) => {
      await (await openSqliteStore({ dataDir })).close();
      const db = new Database(join(dataDir, 'iamlab.db'));
      migrateSqlite(db, [...sqliteMigrations, { version: latest + 1, name: 'future', sql: 'CREATE TABLE future (a)' }]);
      db.close();
      await assert.rejects(openSqliteStore({ dataDir }), new RegExp(`schema is at version ${latest + 1} but this iamlab knows only up to ${latest}`));
    }));
});

describe('postgres migrations', () => {
  const url = POSTGRES_URL;

  async function withSchema(body: (url: string, schema: string, client: pg.Client, hash: number) => Promise<void>): Promise<void> {
    if (url === undefined) return;
    const schema = randomSchemaName('migrations');
    const client = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      const hash = (await client.query<{ h: number }>('SELECT hashtext($1) AS h', [schema])).rows[0]?.h ?? 0;
      await body(url, schema, client, hash);
    } finally {
      await client.end();
      await dropSchema(url, schema);
    }
  }

  const versions = async (client: pg.Client): Promise<number[]> =>
    (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);

  test('a fresh schema gets every migration, and a second run or open applies nothing', async (t) => {
    if (url === undefined) return t.skip(POSTGRES_SKIP_REASON);
    await withSchema(async (url, schema, client, hash) => {
      assert.deepEqual(
        await migratePostgres(client, hash, postgresMigrations),
        postgresMigrations.map((m) => m.version),
      );
      assert.deepEqual(await migratePostgres(client, hash, postgresMigrations), []);
      await (await openPostgresStore({ url, schema })).close();
      assert.deepEqual(
        await versions(client),
        postgresMigrations.map((m) => m.version),
      );
    });
  });

  test('a schema at version 1 is upgraded at open, keeping its data', async (t) => {
    if (url === undefined) return t.skip(POSTGRES_SKIP_REASON);
    await withSchema(async (url, schema, client, hash) => {
      assert.deepEqual(await migratePostgres(client, hash, postgresMigrations.slice(0, 1)), [1]);
      await client.query('INSERT INTO entries (collection, key, value) VALUES ($1, $2, $3)', ['roles', 'r1', '{"b":1,"a":2}']);
      const store = await openPostgresStore({ url, schema });
      try {
        assert.equal(JSON.stringify(await store.transaction((tx) => tx.get('roles', 'r1'))), '{"b":1,"a":2}');
        await store.appendEvents([{ timeMs: 1, requestId: 'r', principalArn: null, action: null, decision: null, errorCode: null, body: {} }]);
        assert.equal((await store.queryEvents({})).length, 1);
      } finally {
        await store.close();
      }
      assert.deepEqual(
        await versions(client),
        postgresMigrations.map((m) => m.version),
      );
    });
  });

  test('a failing migration leaves the schema as it was', async (t) => {
    if (url === undefined) return t.skip(POSTGRES_SKIP_REASON);
    await withSchema(async (_url, _schema, client, hash) => {
      await migratePostgres(client, hash, postgresMigrations.slice(0, 1));
      const broken: Migration[] = [...postgresMigrations, { version: postgresMigrations.length + 1, name: 'broken', sql: 'SELEC 1' }];
      await assert.rejects(migratePostgres(client, hash, broken), /syntax error/);
      assert.deepEqual(await versions(client), [1]);
      const events = await client.query<{ t: string | null }>("SELECT to_regclass('events') AS t");
      assert.equal(events.rows[0]?.t, null, 'migration 2 was rolled back with the broken one');
    });
  });

  test('a schema from a newer iamlab is refused', async (t) => {
    if (url === undefined) return t.skip(POSTGRES_SKIP_REASON);
    await withSchema(async (url, schema, client, hash) => {
      const future = postgresMigrations.length + 1;
      await migratePostgres(client, hash, [...postgresMigrations, { version: future, name: 'future', sql: 'CREATE TABLE future (a int)' }]);
      await assert.rejects(openPostgresStore({ url, schema }), new RegExp(`schema is at version ${future}`));
    });
  });
});
