/**
 * restic (Debian's, whose S3 back end is minio-go, SigV4) with a repository on the lab's S3
 * (`s3:<endpoint>/<bucket>/repo`): init, backup, snapshots, restore compared byte for byte, check, and
 * forget --prune — with the account's root keys and with a role session allowed one bucket only. Keys come
 * from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, the password from RESTIC_PASSWORD.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { RunResult } from '../support/clients.js';
import { S3Lab } from '../s3/s3-lab.js';
import type { Keys } from '../s3/s3-lab.js';
import { oneBucketSession, restic, skipUnless } from './tools.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

interface Snapshot {
  readonly id: string;
  readonly paths: readonly string[];
}

describe('restic with a repository on the lab', { skip: skipUnless('restic') }, () => {
  let l: S3Lab;
  let scratch: string;
  let source: string;
  const bucket = 'restic-bucket';
  const rs = (args: readonly string[], keys: Keys = l.root, repoBucket = bucket): Promise<RunResult> =>
    restic(scratch, l.endpoint, repoBucket, keys, args);
  const snapshots = async (keys?: Keys, repoBucket?: string): Promise<Snapshot[]> =>
    JSON.parse(ok(await rs(['snapshots', '--json'], keys, repoBucket))) as Snapshot[];
  const keysUnder = async (prefix: string): Promise<string[]> => {
    const listed = await l.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (listed.Contents ?? []).map((o) => o.Key ?? '');
  };

  before(async () => {
    l = await S3Lab.start();
    scratch = mkdtempSync(join(tmpdir(), 'iamlab-restic-'));
    source = join(scratch, 'source');
    mkdirSync(join(source, 'sub'), { recursive: true });
    writeFileSync(join(source, 'a.txt'), 'a\n');
    writeFileSync(join(source, 'sub', 'big.bin'), randomBytes(6 * 1024 * 1024));
  });
  after(async () => {
    await l.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('init makes the bucket and the repository; backup, snapshots, restore byte-identical, check', async () => {
    assert.match(ok(await rs(['init'])), /created restic repository \w+ at s3:http:\/\/127\.0\.0\.1:\d+\/restic-bucket\/repo/);
    assert.deepEqual((await keysUnder('repo/config')).length, 1);
    assert.equal((await keysUnder('repo/keys/')).length, 1);

    assert.match(ok(await rs(['backup', source])), /snapshot \w+ saved/);
    const listed = await snapshots();
    assert.equal(listed.length, 1);
    assert.deepEqual(listed[0]?.paths, [source]);
    assert.ok((await keysUnder('repo/data/')).length > 0);

    const target = join(scratch, 'restored');
    ok(await rs(['restore', 'latest', '--target', target]));
    assert.equal(sha256(readFileSync(join(target, source, 'sub', 'big.bin'))), sha256(readFileSync(join(source, 'sub', 'big.bin'))));
    assert.equal(readFileSync(join(target, source, 'a.txt'), 'utf8'), 'a\n');

    assert.match(ok(await rs(['check', '--read-data'])), /no errors were found/);
  });

  it('a second backup, then forget --keep-last 1 --prune: one snapshot left, in the lab as one object; check passes', async () => {
    writeFileSync(join(source, 'a.txt'), 'a, changed\n');
    ok(await rs(['backup', source]));
    const before = await snapshots();
    assert.equal(before.length, 2);
    assert.equal((await keysUnder('repo/snapshots/')).length, 2);

    const pruned = ok(await rs(['forget', '--keep-last', '1', '--prune']));
    assert.match(pruned, /remove 1 snapshots/);
    const left = await snapshots();
    assert.deepEqual(
      left.map((s) => s.id),
      [before[1]?.id],
    );
    assert.deepEqual(await keysUnder('repo/snapshots/'), [`repo/snapshots/${before[1]?.id ?? ''}`]);
    assert.equal((await keysUnder('repo/locks/')).length, 0);
    assert.match(ok(await rs(['check'])), /no errors were found/);

    const target = join(scratch, 'restored-2');
    ok(await rs(['restore', 'latest', '--target', target]));
    assert.equal(readFileSync(join(target, source, 'a.txt'), 'utf8'), 'a, changed\n');
  });

  it('a role session allowed one bucket (AWS_SESSION_TOKEN): a repository there works; in another bucket init is Access Denied', async () => {
    await l.s3.send(new CreateBucketCommand({ Bucket: 'restic-allowed' }));
    const session = await oneBucketSession(l, 'restic-one-bucket', 'restic-allowed');
    ok(await rs(['init'], session, 'restic-allowed'));
    ok(await rs(['backup', join(source, 'a.txt')], session, 'restic-allowed'));
    assert.equal((await snapshots(session, 'restic-allowed')).length, 1);

    const elsewhere = await rs(['init'], session, 'restic-not-allowed');
    assert.notEqual(elsewhere.code, 0);
    assert.match(elsewhere.stderr, /Fatal: create repository at s3:.*\/restic-not-allowed\/repo failed: .*Access Denied/);
    const readOther = await rs(['snapshots'], session, bucket);
    assert.notEqual(readOther.code, 0);
    assert.match(readOther.stderr, /Access Denied/);
  });
});
