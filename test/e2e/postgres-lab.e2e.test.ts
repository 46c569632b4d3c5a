/**
 * The whole lab on the PostgreSQL store (`--store postgres://…`): keys created at first start, requests
 * answered, state kept across a restart, object bytes shared by two labs on one database. Runs when
 * IAMLAB_TEST_POSTGRES_URL is set (CI sets it), in a database of its own that is dropped afterwards.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { signedPost, xmlText } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const ADMIN_URL = process.env['IAMLAB_TEST_POSTGRES_URL'];
const SKIP_REASON = 'SKIPPED: IAMLAB_TEST_POSTGRES_URL is not set (CI sets it: see .ci/run)';

/** Runs `body` with the URL of a fresh database, dropped afterwards. */
async function withDatabase(adminUrl: string, body: (url: string) => Promise<void>): Promise<void> {
  const database = `iamlab_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    await body(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

function s3Of(lab: TestLab): S3Client {
  return new S3Client({
    endpoint: lab.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey },
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

describe('the lab on PostgreSQL', () => {
  it('serves, keeps its keys and its clock across a restart', async (t) => {
    if (ADMIN_URL === undefined) return t.skip(SKIP_REASON);
    await withDatabase(ADMIN_URL, async (url) => {
      const first = await startTestLab({ store: url });
      const keys = { accessKeyId: first.rootAccessKeyId, secretAccessKey: first.rootSecretAccessKey };
      const moved = await fetch(`${first.endpoint}/_iamlab/clock`, { method: 'POST', body: JSON.stringify({ action: 'advance', by: '1h' }) });
      assert.equal(moved.status, 200);
      const response = await signedPost({ endpoint: first.endpoint, service: 'sts', ...keys, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
      assert.equal(response.status, 200, response.text);
      assert.equal(xmlText(response.text, 'Arn'), 'arn:aws:iam::123456789012:root');
      assert.equal(first.store.kind, 'postgres');
      await first.dispose();

      const second = await startTestLab({ store: url });
      try {
        assert.equal(second.rootAccessKeyId, keys.accessKeyId);
        assert.ok(second.clock.state().offsetMs >= 3_599_000, 'the clock history came back from the store');
        const again = await signedPost({ endpoint: second.endpoint, service: 'sts', ...keys, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
        assert.equal(again.status, 200, again.text);
      } finally {
        await second.dispose();
      }
    });
  });

  it('keeps object bytes in the database, where a second lab on it reads them (issue #19)', async (t) => {
    if (ADMIN_URL === undefined) return t.skip(SKIP_REASON);
    await withDatabase(ADMIN_URL, async (url) => {
      // Three chunks of the PostgreSQL blob store (256 KiB each), the last one short.
      const bytes = Buffer.alloc(600 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >>> 11)) & 0xff;
      const first = await startTestLab({ store: url });
      try {
        const writer = s3Of(first);
        await writer.send(new CreateBucketCommand({ Bucket: 'shared-bytes' }));
        await writer.send(new PutObjectCommand({ Bucket: 'shared-bytes', Key: 'big.bin', Body: bytes }));
        await writer.send(new PutObjectCommand({ Bucket: 'shared-bytes', Key: 'small.txt', Body: 'hello from the first lab' }));
        writer.destroy();
        // Nothing in the first lab's data directory: the bytes are in PostgreSQL.
        assert.deepEqual(await readdir(join(first.dataDir, 's3', 'data')).catch(() => []), []);

        // Another lab on the same database, with a data directory of its own, while the first one runs.
        const second = await startTestLab({ store: url });
        const reader = s3Of(second);
        try {
          const whole = await reader.send(new GetObjectCommand({ Bucket: 'shared-bytes', Key: 'big.bin' }));
          assert.ok(Buffer.from((await whole.Body?.transformToByteArray()) ?? []).equals(bytes));
          // Across the border of the first two chunks.
          const start = 256 * 1024 - 5;
          const ranged = await reader.send(new GetObjectCommand({ Bucket: 'shared-bytes', Key: 'big.bin', Range: `bytes=${start}-${start + 9}` }));
          assert.equal(ranged.ContentRange, `bytes ${start}-${start + 9}/${bytes.length}`);
          assert.ok(Buffer.from((await ranged.Body?.transformToByteArray()) ?? []).equals(bytes.subarray(start, start + 10)));
          const small = await reader.send(new GetObjectCommand({ Bucket: 'shared-bytes', Key: 'small.txt' }));
          assert.equal(await small.Body?.transformToString(), 'hello from the first lab');
        } finally {
          reader.destroy();
          await second.dispose();
        }
      } finally {
        await first.dispose();
      }
    });
  });
});
