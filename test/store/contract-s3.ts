/**
 * Store contract: S3's records through the store port (design.md "Storage"): what S3State writes — object and
 * bucket tags (aws-behaviour.md §9.4), versions and delete markers (§9.5) — is what a fresh S3State loads from
 * the same store, on every back end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3State } from '../../src/services/s3/index.js';
import type { BucketRecord, DeleteMarkerRecord, ObjectRecord } from '../../src/services/s3/s3-records.js';
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

  test('S3 records: versions and delete markers of a key, newest first, survive a reload; a permanent deletion stays gone', () =>
    withStore(open, async (store) => {
      const state = await S3State.load(store);
      const versioned: BucketRecord = { ...bucket, name: 'contract-versions', versioning: 'Enabled' };
      const at = (key: string, versionId: string | undefined, sequence: number): ObjectRecord => ({
        ...object(key, versionId === undefined ? { sequence } : { versionId, sequence }),
        bucket: versioned.name,
      });
      const marker: DeleteMarkerRecord = {
        kind: 'marker',
        bucket: versioned.name,
        key: 'k',
        versionId: 'M'.repeat(32),
        lastModifiedMs: 1_700_000_000_001,
        ownerAccount: '123456789012',
        sequence: 4,
      };
      await state.mutate(() => ({
        writes: [versioned, at('k', undefined, 1), at('k', 'A'.repeat(32), 2), at('k', 'B'.repeat(32), 3), marker],
        result: undefined,
      }));
      await state.mutate(() => ({ deletes: [{ kind: 'object', bucket: versioned.name, key: 'k', versionId: 'B'.repeat(32) }], result: undefined }));
      const reloaded = await S3State.load(store);
      assert.deepEqual(
        reloaded.versions(versioned.name, 'k').map((v) => [v.kind, v.versionId ?? 'null']),
        [
          ['marker', 'M'.repeat(32)],
          ['object', 'A'.repeat(32)],
          ['object', 'null'],
        ],
      );
      assert.equal(reloaded.object(versioned.name, 'k'), undefined);
      assert.equal(reloaded.nextSequence(), 5);
      assert.equal(reloaded.bucket(versioned.name)?.versioning, 'Enabled');
    }));
}
