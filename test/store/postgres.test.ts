/** The store contract on PostgreSQL, in a fresh schema dropped afterwards; loudly skipped without a server. */
import { after, test } from 'node:test';
import { openPostgresStore } from '../../src/store/index.js';
import { runStoreContract } from './contract.js';
import { dropSchema, POSTGRES_SKIP_REASON, POSTGRES_URL, randomSchemaName } from './postgres-test-schema.js';

if (POSTGRES_URL === undefined) {
  test('store contract: postgres', (t) => {
    t.skip(POSTGRES_SKIP_REASON);
  });
} else {
  const url = POSTGRES_URL;
  const schema = randomSchemaName('contract');
  after(() => dropSchema(url, schema));
  runStoreContract('postgres', () => openPostgresStore({ url, schema, checkReentry: true }), { persistent: true });
}
