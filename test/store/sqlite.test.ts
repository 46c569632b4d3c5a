/** The store contract on SQLite: a file in a temporary data directory, and in memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStore } from '../../src/store/index.js';
import { runStoreContract } from './contract.js';

const dataDir = join(mkdtempSync(join(tmpdir(), 'iamlab-store-')), 'nested', 'data');
after(() => rmSync(join(dataDir, '..', '..'), { recursive: true, force: true }));

runStoreContract('sqlite file', () => openSqliteStore({ dataDir, checkReentry: true }), { persistent: true });
runStoreContract('sqlite memory', () => openSqliteStore({ memory: true, checkReentry: true }));
