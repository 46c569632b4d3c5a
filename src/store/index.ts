/** The store: its port and the two implementations. Only `app/` imports the openers (design.md, "Layout"). */
export type { Entry, EventQuery, Json, ListOptions, NewEvent, Store, StoredEvent, Tx } from './port.js';
export type { Migration } from './migration.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/open-postgres-store.js';
