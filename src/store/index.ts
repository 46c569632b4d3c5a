/** The store: its port and the two implementations. Only `app/` imports the openers (design.md, "Layout"). */
export type { Store } from './port.js';

export { openSqliteStore } from './sqlite/open-sqlite-store.js';
export { openPostgresStore } from './postgres/open-postgres-store.js';
