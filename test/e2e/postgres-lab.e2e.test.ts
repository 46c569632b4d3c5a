/**
 * The whole lab on the PostgreSQL store (`--store postgres://…`): keys created at first start, requests
 * answered, state kept across a restart. Runs when IAMLAB_TEST_POSTGRES_URL is set (CI sets it), in a
 * database of its own that is dropped afterwards.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { signedPost, xmlText } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';

const ADMIN_URL = process.env['IAMLAB_TEST_POSTGRES_URL'];

describe('the lab on PostgreSQL', () => {
  it('serves, keeps its keys and its clock across a restart', async (t) => {
    if (ADMIN_URL === undefined) return t.skip('SKIPPED: IAMLAB_TEST_POSTGRES_URL is not set (CI sets it: see .ci/run)');
    const database = `iamlab_e2e_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    try {
      const first = await startTestLab({ store: url.toString() });
      const keys = { accessKeyId: first.rootAccessKeyId, secretAccessKey: first.rootSecretAccessKey };
      const moved = await fetch(`${first.endpoint}/_iamlab/clock`, { method: 'POST', body: JSON.stringify({ action: 'advance', by: '1h' }) });
      assert.equal(moved.status, 200);
      const response = await signedPost({ endpoint: first.endpoint, service: 'sts', ...keys, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
      assert.equal(response.status, 200, response.text);
      assert.equal(xmlText(response.text, 'Arn'), 'arn:aws:iam::123456789012:root');
      assert.equal(first.store.kind, 'postgres');
      await first.dispose();

      const second = await startTestLab({ store: url.toString() });
      try {
        assert.equal(second.rootAccessKeyId, keys.accessKeyId);
        assert.ok(second.clock.state().offsetMs >= 3_599_000, 'the clock history came back from the store');
        const again = await signedPost({ endpoint: second.endpoint, service: 'sts', ...keys, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
        assert.equal(again.status, 200, again.text);
      } finally {
        await second.dispose();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});
