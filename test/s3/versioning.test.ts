/**
 * S3 versioning on the handlers (aws-behaviour.md §9.5): configuration, version ids, delete markers, reads and
 * deletions by version, the `null` version of suspended buckets, CopyObject from a version, ListObjectVersions,
 * kept bytes and their removal, and the state after a restart.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { World } from './harness.js';
import { collect, extraOf, makeWorld, putText, rejectsWith } from './harness.js';

const VERSION_ID = /^[A-Za-z0-9._]{32}$/;

describe('S3 versioning', () => {
  let world: World;
  const B = 'ver';
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: B });
  });
  afterEach(async () => {
    await world.close();
  });

  const enable = (Status = 'Enabled'): Promise<unknown> => world.call('PutBucketVersioning', { Bucket: B, VersioningConfiguration: { Status } });
  const body = async (extra: object): Promise<string> => (await collect((await world.call('GetObject', { Bucket: B, ...extra }))['Body'])).toString();
  const blobCount = async (): Promise<number> => {
    let n = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) await walk(`${dir}/${entry.name}`);
        else if (!entry.name.startsWith('.')) n++;
      }
    };
    await walk(world.blobDir);
    return n;
  };

  it('configuration: no Status before, Enabled/Suspended after, MalformedXML and IllegalVersioningConfigurationException as recorded', async () => {
    assert.deepEqual(await world.call('GetBucketVersioning', { Bucket: B }), {});
    await enable('Suspended');
    assert.deepEqual(await world.call('GetBucketVersioning', { Bucket: B }), { Status: 'Suspended' });
    await rejectsWith(enable('enabled'), 'MalformedXML', 400);
    await rejectsWith(enable('Disabled'), 'MalformedXML', 400);
    await rejectsWith(
      world.call('PutBucketVersioning', { Bucket: B, VersioningConfiguration: {} }),
      'IllegalVersioningConfigurationException',
      400,
      'The Versioning element must be specified',
    );
    await enable();
    assert.deepEqual(await world.call('GetBucketVersioning', { Bucket: B }), { Status: 'Enabled' });
    await rejectsWith(
      enable.call(null, 'Enabled').then(() => world.call('GetBucketVersioning', { Bucket: 'nope' })),
      'NoSuchBucket',
      404,
    );
  });

  it('versions: ids on PutObject, reads by id, the latest by default; a delete marker hides the key and keeps the bytes', async () => {
    await putText(world, B, 'k', 'pre-versioning');
    await enable();
    const v1 = (await putText(world, B, 'k', 'one'))['VersionId'] as string;
    const v2 = (await putText(world, B, 'k', 'two'))['VersionId'] as string;
    assert.match(v1, VERSION_ID);
    assert.notEqual(v1, v2);
    assert.equal(await body({ Key: 'k' }), 'two');
    assert.equal(await body({ Key: 'k', VersionId: v1 }), 'one');
    assert.equal(await body({ Key: 'k', VersionId: 'null' }), 'pre-versioning');
    assert.equal((await world.call('HeadObject', { Bucket: B, Key: 'k' }))['VersionId'], v2);
    const deleted = await world.call('DeleteObject', { Bucket: B, Key: 'k' });
    assert.equal(deleted['DeleteMarker'], true);
    const marker = deleted['VersionId'] as string;
    assert.match(marker, VERSION_ID);
    const missing = await rejectsWith(world.call('GetObject', { Bucket: B, Key: 'k' }), 'NoSuchKey', 404, 'The specified key does not exist.');
    assert.deepEqual(missing.headers, [
      ['x-amz-delete-marker', 'true'],
      ['x-amz-version-id', marker],
    ]);
    const notAllowed = await rejectsWith(world.call('GetObject', { Bucket: B, Key: 'k', VersionId: marker }), 'MethodNotAllowed', 405);
    assert.deepEqual(extraOf(notAllowed), { Method: 'GET', ResourceType: 'DeleteMarker' });
    assert.equal(await body({ Key: 'k', VersionId: v2 }), 'two');
    assert.deepEqual((await world.call('ListObjectsV2', { Bucket: B }))['Contents'], []);
    assert.equal(await blobCount(), 3);
  });

  it('version ids S3 cannot decode are InvalidArgument, ids of gone versions NoSuchVersion', async () => {
    await enable();
    const v1 = (await putText(world, B, 'k', 'one'))['VersionId'] as string;
    const bad = `${v1.slice(0, 28)}${v1.slice(28) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const invalid = await rejectsWith(world.call('GetObject', { Bucket: B, Key: 'k', VersionId: bad }), 'InvalidArgument', 400);
    assert.deepEqual(extraOf(invalid), { ArgumentName: 'versionId', ArgumentValue: bad });
    await rejectsWith(world.call('DeleteObject', { Bucket: B, Key: 'k', VersionId: bad }), 'InvalidArgument', 400, 'Invalid version id specified');
    assert.deepEqual(await world.call('DeleteObject', { Bucket: B, Key: 'k', VersionId: v1 }), { VersionId: v1 });
    const gone = await rejectsWith(
      world.call('GetObject', { Bucket: B, Key: 'k', VersionId: v1 }),
      'NoSuchVersion',
      404,
      'The specified version does not exist.',
    );
    assert.deepEqual(extraOf(gone), { Key: 'k', VersionId: v1 });
    await rejectsWith(world.call('GetObject', { Bucket: B, Key: 'k', VersionId: 'null' }), 'NoSuchVersion', 404);
  });

  it('permanent deletion removes the bytes; deleting a marker by id brings the key back; BucketNotEmpty until all versions go', async () => {
    await enable();
    const v1 = (await putText(world, B, 'k', 'one'))['VersionId'] as string;
    const marker = (await world.call('DeleteObject', { Bucket: B, Key: 'k' }))['VersionId'] as string;
    const notEmpty = 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.';
    await rejectsWith(world.call('DeleteBucket', { Bucket: B }), 'BucketNotEmpty', 409, notEmpty);
    assert.deepEqual(await world.call('DeleteObject', { Bucket: B, Key: 'k', VersionId: marker }), { DeleteMarker: true, VersionId: marker });
    assert.equal(await body({ Key: 'k' }), 'one');
    assert.equal(await blobCount(), 1);
    await world.call('DeleteObject', { Bucket: B, Key: 'k', VersionId: v1 });
    assert.equal(await blobCount(), 0);
    await world.call('DeleteBucket', { Bucket: B });
  });

  it('suspended: new objects are the null version, replacing the previous null version; a delete adds a null marker', async () => {
    await putText(world, B, 'k', 'null-1');
    await enable();
    const v1 = (await putText(world, B, 'k', 'v1'))['VersionId'] as string;
    await enable('Suspended');
    assert.equal((await putText(world, B, 'k', 'null-2'))['VersionId'], undefined);
    assert.equal((await world.call('GetObject', { Bucket: B, Key: 'k' }))['VersionId'], 'null');
    const versions = await world.call('ListObjectVersions', { Bucket: B });
    assert.deepEqual(
      (versions['Versions'] as { VersionId: string; IsLatest: boolean }[]).map((v) => [v.VersionId, v.IsLatest]),
      [
        ['null', true],
        [v1, false],
      ],
    );
    assert.equal(await blobCount(), 2);
    assert.deepEqual(await world.call('DeleteObject', { Bucket: B, Key: 'k' }), { DeleteMarker: true, VersionId: 'null' });
    assert.equal(await blobCount(), 1);
    assert.equal(await body({ Key: 'k', VersionId: v1 }), 'v1');
  });

  it('DeleteObjects: markers without ids, permanent deletions with, NoSuchVersion for ids of nothing', async () => {
    await enable();
    const v1 = (await putText(world, B, 'a', 'one'))['VersionId'] as string;
    const out = await world.call('DeleteObjects', { Bucket: B, Delete: { Objects: [{ Key: 'a' }, { Key: 'never' }] } });
    const deleted = out['Deleted'] as { Key: string; DeleteMarker: boolean; DeleteMarkerVersionId: string }[];
    assert.deepEqual(
      deleted.map((d) => [d.Key, d.DeleteMarker, VERSION_ID.test(d.DeleteMarkerVersionId)]),
      [
        ['a', true, true],
        ['never', true, true],
      ],
    );
    const marker = deleted[0]?.DeleteMarkerVersionId ?? '';
    const second = await world.call('DeleteObjects', {
      Bucket: B,
      Delete: {
        Objects: [
          { Key: 'a', VersionId: marker },
          { Key: 'a', VersionId: v1 },
          { Key: 'b', VersionId: v1 },
        ],
      },
    });
    assert.deepEqual(second['Deleted'], [
      { Key: 'a', VersionId: marker, DeleteMarker: true, DeleteMarkerVersionId: marker },
      { Key: 'a', VersionId: v1 },
    ]);
    assert.deepEqual(second['Errors'], [{ Key: 'b', VersionId: v1, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' }]);
  });

  it('CopyObject from a version: CopySourceVersionId, a new VersionId, a marker by id refused', async () => {
    await enable();
    const v1 = (await putText(world, B, 'src', 'one'))['VersionId'] as string;
    await putText(world, B, 'src', 'two');
    const copied = await world.call('CopyObject', { Bucket: B, Key: 'src', CopySource: `${B}/src?versionId=${v1}` });
    assert.equal(copied['CopySourceVersionId'], v1);
    assert.match(copied['VersionId'] as string, VERSION_ID);
    assert.equal(await body({ Key: 'src' }), 'one');
    const marker = (await world.call('DeleteObject', { Bucket: B, Key: 'src' }))['VersionId'] as string;
    await rejectsWith(
      world.call('CopyObject', { Bucket: B, Key: 'dst', CopySource: `${B}/src?versionId=${marker}` }),
      'InvalidRequest',
      400,
      'The source of a copy request may not specifically refer to a delete marker by version id.',
    );
    await rejectsWith(world.call('CopyObject', { Bucket: B, Key: 'dst', CopySource: `${B}/src` }), 'NoSuchKey', 404);
    const auth = world.ops.get('CopyObject')?.authorization;
    assert.ok(auth?.kind === 'policy');
    assert.deepEqual(
      auth.also?.({ Bucket: B, Key: 'dst', CopySource: `${B}/src?versionId=${v1}` }, {} as never).map((c) => c.action),
      ['s3:GetObjectVersion'],
    );
  });

  it('ListObjectVersions: by key then newest first, markers apart, prefix, delimiter and paging by key and version markers', async () => {
    await enable();
    const a1 = (await putText(world, B, 'a', '1'))['VersionId'] as string;
    const a2 = (await putText(world, B, 'a', '2'))['VersionId'] as string;
    const am = (await world.call('DeleteObject', { Bucket: B, Key: 'a' }))['VersionId'] as string;
    const b1 = (await putText(world, B, 'd/b', '1'))['VersionId'] as string;
    const all = await world.call('ListObjectVersions', { Bucket: B });
    assert.deepEqual(
      (all['Versions'] as { Key: string; VersionId: string; IsLatest: boolean }[]).map((v) => [v.Key, v.VersionId, v.IsLatest]),
      [
        ['a', a2, false],
        ['a', a1, false],
        ['d/b', b1, true],
      ],
    );
    assert.deepEqual(all['DeleteMarkers'], [
      {
        Owner: { ID: (all['DeleteMarkers'] as { Owner: { ID: string } }[])[0]?.Owner.ID },
        Key: 'a',
        VersionId: am,
        IsLatest: true,
        LastModified: world.wallMs,
      },
    ]);
    assert.equal(all['IsTruncated'], false);
    assert.equal(all['KeyMarker'], '');
    const grouped = await world.call('ListObjectVersions', { Bucket: B, Delimiter: '/' });
    assert.deepEqual(grouped['CommonPrefixes'], [{ Prefix: 'd/' }]);
    const first = await world.call('ListObjectVersions', { Bucket: B, MaxKeys: 2 });
    assert.equal(first['IsTruncated'], true);
    assert.equal(first['NextKeyMarker'], 'a');
    assert.equal(first['NextVersionIdMarker'], a2);
    const rest = await world.call('ListObjectVersions', { Bucket: B, KeyMarker: 'a', VersionIdMarker: a2 });
    assert.deepEqual(
      [...((rest['Versions'] as { VersionId: string }[]) ?? [])].map((v) => v.VersionId),
      [a1, b1],
    );
    const prefixed = await world.call('ListObjectVersions', { Bucket: B, Prefix: 'd/' });
    assert.equal((prefixed['Versions'] as unknown[]).length, 1);
    assert.equal(prefixed['DeleteMarkers'], undefined);
  });

  it('a bucket never versioned keeps its behaviour: no VersionId, InvalidArgument for other ids, listed as null', async () => {
    const put = await putText(world, B, 'k', 'x');
    assert.equal(put['VersionId'], undefined);
    assert.equal((await world.call('GetObject', { Bucket: B, Key: 'k', VersionId: 'null' }))['VersionId'], undefined);
    await rejectsWith(world.call('GetObject', { Bucket: B, Key: 'k', VersionId: 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD' }), 'InvalidArgument', 400);
    assert.deepEqual(await world.call('DeleteObject', { Bucket: B, Key: 'gone' }), {});
    const listed = await world.call('ListObjectVersions', { Bucket: B });
    assert.deepEqual(
      (listed['Versions'] as { VersionId: string; IsLatest: boolean }[]).map((v) => [v.VersionId, v.IsLatest]),
      [['null', true]],
    );
  });

  it('versions, markers and the configuration survive a restart; tagging addresses versions', async () => {
    await enable();
    const v1 = (await putText(world, B, 'k', 'one', { Tagging: 'v=1' }))['VersionId'] as string;
    const v2 = (await putText(world, B, 'k', 'two'))['VersionId'] as string;
    assert.deepEqual(await world.call('PutObjectTagging', { Bucket: B, Key: 'k', Tagging: { TagSet: [{ Key: 't', Value: '3' }] } }), {
      VersionId: v2,
    });
    const tags = await world.call('GetObjectTagging', { Bucket: B, Key: 'k', VersionId: v1 });
    assert.deepEqual(tags, { TagSet: [{ Key: 'v', Value: '1' }], VersionId: v1 });
    const marker = (await world.call('DeleteObject', { Bucket: B, Key: 'k' }))['VersionId'] as string;
    const refused = await rejectsWith(world.call('GetObjectTagging', { Bucket: B, Key: 'k' }), 'MethodNotAllowed', 405);
    assert.deepEqual(extraOf(refused), { Method: 'GET', ResourceType: 'DeleteMarker' });
    await world.restart();
    assert.deepEqual(await world.call('GetBucketVersioning', { Bucket: B }), { Status: 'Enabled' });
    assert.deepEqual(
      world.state.versions(B, 'k').map((v) => [v.kind, v.versionId]),
      [
        ['marker', marker],
        ['object', v2],
        ['object', v1],
      ],
    );
    assert.equal(await body({ Key: 'k', VersionId: v1 }), 'one');
    const v3 = (await putText(world, B, 'k', 'three'))['VersionId'] as string;
    assert.equal(world.state.latest(B, 'k')?.versionId, v3);
  });
});
