/**
 * Store contract: S3's records through the store port (design.md "Storage"): what S3State writes — object and
 * bucket tags (aws-behaviour.md §9.4) — is what a fresh S3State loads from the same store, on every back end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3State } from '../../src/services/s3/index.js';
import type { BucketRecord, ObjectRecord } from '../../src/services/s3/s3-records.js';
import { withStore, type Open } from './contract-helpers.js';

const bucket: BucketRecord = {
  kind: 'bucket',
  name: 'contract-bucket',
  ownerAccount: '123456789012',
  region: 'us-east-1',
  createdMs: 1_700_000_000_000,
  policy: null,
  tags: [{ key: 'cost-center', value: 'ünïcødé + spaces' }],
};

const object = (key: string, extra: Partial<ObjectRecord> = {}): ObjectRecord => ({
  kind: 'object',
  bucket: bucket.name,
  key,
  blobKey: `objects/${key}`,
  size: 1,
  etag: '"0cc175b9c0f1b6a831c399e269772661"',
  lastModifiedMs: 1_700_000_000_000,
  ownerAccount: '123456789012',
  headers: { contentType: 'text/plain', storageClass: 'STANDARD' },
  metadata: {},
  checksums: {},
  ...extra,
});

export function registerS3Tests(open: Open): void {
  test('S3 records: object and bucket tags, in their order, survive a reload from the store', () =>
    withStore(open, async (store) => {
      const state = await S3State.load(store);
      const tagged = object('dir/tagged', {
        tags: [
          { key: 'team', value: 'blue' },
          { key: 'empty', value: '' },
          { key: 'a/b:c@d', value: '日本' },
        ],
      });
      await state.mutate(() => ({ writes: [bucket, tagged, object('untagged')], result: undefined }));
      await state.mutate(() => ({ writes: [{ ...tagged, key: 'gone' }], result: undefined }));
      await state.mutate(() => ({ deletes: [{ kind: 'object', bucket: bucket.name, key: 'gone' }], result: undefined }));
      const reloaded = await S3State.load(store);
      assert.deepEqual(reloaded.bucket(bucket.name), bucket);
      assert.deepEqual(reloaded.object(bucket.name, 'dir/tagged'), tagged);
      assert.equal(reloaded.object(bucket.name, 'untagged')?.tags, undefined);
      assert.equal(reloaded.object(bucket.name, 'gone'), undefined);
    }));
}
