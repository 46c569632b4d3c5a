import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { canonicalUserId } from '../../src/services/s3/index.js';
import { ACCOUNT, makeWorld, putText, type World } from './harness.js';

// aws-behaviour.md §9.7: since November 2025 S3's <Owner> is the canonical id alone; the multipart Initiator keeps
// its DisplayName (recorded February 2026).
describe('S3 owners carry no DisplayName', () => {
  let world: World;
  const owner = { ID: canonicalUserId(ACCOUNT) };
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'own' });
    await putText(world, 'own', 'k', 'text');
  });
  afterEach(() => world.close());

  it('ListBuckets, ListObjects with FetchOwner and v1 answer Owner as the ID alone', async () => {
    assert.deepEqual((await world.call('ListBuckets', {}))['Owner'], owner);
    const v2 = await world.call('ListObjectsV2', { Bucket: 'own', FetchOwner: true });
    assert.deepEqual((v2['Contents'] as { Owner: unknown }[])[0]?.Owner, owner);
    const v1 = await world.call('ListObjects', { Bucket: 'own' });
    assert.deepEqual((v1['Contents'] as { Owner: unknown }[])[0]?.Owner, owner);
  });

  it('ListObjectVersions and the ACL answers name owners by ID alone', async () => {
    const versions = await world.call('ListObjectVersions', { Bucket: 'own' });
    assert.deepEqual((versions['Versions'] as { Owner: unknown }[])[0]?.Owner, owner);
    assert.deepEqual((await world.call('GetBucketAcl', { Bucket: 'own' }))['Owner'], owner);
    const objectAcl = await world.call('GetObjectAcl', { Bucket: 'own', Key: 'k' });
    assert.deepEqual(objectAcl['Owner'], owner);
    assert.deepEqual((objectAcl['Grants'] as { Grantee: unknown }[])[0]?.Grantee, { Type: 'CanonicalUser', ...owner });
  });

  it('ListParts and ListMultipartUploads: Owner by ID alone, the Initiator with its DisplayName', async () => {
    const { UploadId } = await world.call('CreateMultipartUpload', { Bucket: 'own', Key: 'm' });
    const parts = await world.call('ListParts', { Bucket: 'own', Key: 'm', UploadId });
    assert.deepEqual(parts['Owner'], owner);
    assert.deepEqual(Object.keys(parts['Initiator'] as object).sort(), ['DisplayName', 'ID']);
    const uploads = await world.call('ListMultipartUploads', { Bucket: 'own' });
    const upload = (uploads['Uploads'] as { Owner: unknown; Initiator: object }[])[0];
    assert.deepEqual(upload?.Owner, owner);
    assert.deepEqual(Object.keys(upload?.Initiator ?? {}).sort(), ['DisplayName', 'ID']);
  });
});
