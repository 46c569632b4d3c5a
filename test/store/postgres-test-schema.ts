/**
 * PostgreSQL for the store tests: the URL from IAMLAB_TEST_POSTGRES_URL (CI sets it), or nothing, in which
 * case the tests say loudly that they were skipped. Each test file works in a fresh random schema that it
 * drops afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env['IAMLAB_TEST_POSTGRES_URL'];

export const POSTGRES_SKIP_REASON =
  'SKIPPED: IAMLAB_TEST_POSTGRES_URL is not set, so the PostgreSQL store was NOT tested ' +
  '(e.g. IAMLAB_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test)';

export function randomSchemaName(purpose: string): string {
  return `iamlab_test_${purpose}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
