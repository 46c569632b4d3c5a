/**
 * rclone (Debian's, the S3 backend with provider Other, path-style, SigV4 with the AWS SDK for Go) against the
 * lab's S3: mkdir, copy, ls/lsl, cat, copying a directory and checking it, a multipart upload
 * (`--s3-upload-cutoff 5M --s3-chunk-size 5M`), delete and purge — with the account's root keys and with a
 * role session allowed one bucket only.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HeadBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { RunResult } from '../support/clients.js';
import { failure, S3Lab } from '../s3/s3-lab.js';
import type { Keys } from '../s3/s3-lab.js';
import { oneBucketSession, rclone, skipUnless } from './tools.js';

const MiB = 1024 * 1024;
const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('rclone against the lab', { skip: skipUnless('rclone') }, () => {
  let l: S3Lab;
  let scratch: string;
  const bucket = 'rclone-bucket';
  const rc = (args: readonly string[], keys: Keys = l.root): Promise<RunResult> => rclone(scratch, l.endpoint, keys, args);

  before(async () => {
    l = await S3Lab.start();
    scratch = mkdtempSync(join(tmpdir(), 'iamlab-rclone-'));
    ok(await rc(['mkdir', `lab:${bucket}`]));
  });
  after(async () => {
    await l.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('mkdir makes a bucket that lsd lists', async () => {
    ok(await rc(['mkdir', 'lab:rclone-second']));
    const buckets = ok(await rc(['lsd', 'lab:']));
    assert.match(buckets, /^ +-1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +-1 rclone-bucket$/m);
    assert.match(buckets, /^ +-1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +-1 rclone-second$/m);
    await l.s3.send(new HeadBucketCommand({ Bucket: 'rclone-second' }));
  });

  it('copy a file in; ls, lsl and cat show it; md5sum is its MD5', async () => {
    const bytes = Buffer.from('hello from rclone\n');
    writeFileSync(join(scratch, 'hello.txt'), bytes);
    ok(await rc(['copy', join(scratch, 'hello.txt'), `lab:${bucket}/docs/`]));
    assert.equal(ok(await rc(['ls', `lab:${bucket}/docs`])), `${String(bytes.length).padStart(9)} hello.txt\n`);
    assert.match(
      ok(await rc(['lsl', `lab:${bucket}/docs`])),
      new RegExp(`^ +${bytes.length} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ hello\\.txt$`, 'm'),
    );
    assert.equal(ok(await rc(['cat', `lab:${bucket}/docs/hello.txt`])), bytes.toString());
    assert.equal(ok(await rc(['md5sum', `lab:${bucket}/docs`])), `${md5(bytes)}  hello.txt\n`);
  });

  it('copy a directory; check finds 0 differences, and a changed byte is found', async () => {
    const dir = join(scratch, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    writeFileSync(join(dir, 'sub', 'b.txt'), 'b\n');
    writeFileSync(join(dir, 'sub', 'c.bin'), randomBytes(70_000));
    ok(await rc(['copy', dir, `lab:${bucket}/tree`]));
    assert.equal(ok(await rc(['lsf', '-R', '--files-only', `lab:${bucket}/tree`])), 'a.txt\nsub/b.txt\nsub/c.bin\n');
    const checked = await rc(['check', dir, `lab:${bucket}/tree`]);
    ok(checked);
    assert.match(checked.stderr, /0 differences found/);
    assert.match(checked.stderr, /3 matching files/);

    writeFileSync(join(dir, 'a.txt'), 'A\n');
    const differs = await rc(['check', dir, `lab:${bucket}/tree`]);
    assert.notEqual(differs.code, 0);
    assert.match(differs.stderr, /1 differences found/);
  });

  it('a 16 MB file goes multipart in 5 MiB chunks (4 parts); the copy back is byte-identical', async () => {
    const bytes = randomBytes(16 * MiB + 12_345);
    writeFileSync(join(scratch, 'big.bin'), bytes);
    const up = await rc(['copy', '-vv', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', join(scratch, 'big.bin'), `lab:${bucket}/big/`]);
    ok(up);
    assert.match(up.stderr, /multipart upload starting chunk 4 size/);
    assert.doesNotMatch(up.stderr, /multipart upload starting chunk 5 /);
    const head = await l.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big/big.bin' }));
    assert.equal(head.ContentLength, bytes.length);
    assert.match(head.ETag ?? '', /^"[0-9a-f]{32}-4"$/);
    // rclone keeps the whole file's MD5 in metadata, as a multipart ETag is not one.
    assert.equal(Buffer.from(head.Metadata?.['md5chksum'] ?? '', 'base64').toString('hex'), md5(bytes));
    ok(await rc(['copy', `lab:${bucket}/big/big.bin`, join(scratch, 'back')]));
    assert.equal(md5(readFileSync(join(scratch, 'back', 'big.bin'))), md5(bytes));
  });

  it('delete removes the files; purge removes the rest and the bucket', async () => {
    ok(await rc(['mkdir', 'lab:rclone-purge']));
    writeFileSync(join(scratch, 'p1.txt'), 'one\n');
    writeFileSync(join(scratch, 'p2.txt'), 'two\n');
    ok(await rc(['copy', join(scratch, 'p1.txt'), 'lab:rclone-purge/x/']));
    ok(await rc(['copy', join(scratch, 'p2.txt'), 'lab:rclone-purge/y/']));
    ok(await rc(['delete', 'lab:rclone-purge/x']));
    assert.equal(ok(await rc(['lsf', '-R', '--files-only', 'lab:rclone-purge'])), 'y/p2.txt\n');
    ok(await rc(['purge', 'lab:rclone-purge']));
    const gone = await failure(() => l.s3.send(new HeadBucketCommand({ Bucket: 'rclone-purge' })));
    assert.equal(gone.status, 404);
  });

  it('a role session allowed one bucket (AWS_SESSION_TOKEN): that bucket works, another is AccessDenied', async () => {
    ok(await rc(['mkdir', 'lab:rclone-allowed']));
    const session = await oneBucketSession(l, 'rclone-one-bucket', 'rclone-allowed');
    writeFileSync(join(scratch, 'session.txt'), 'from a role session\n');
    ok(await rc(['copy', join(scratch, 'session.txt'), 'lab:rclone-allowed/'], session));
    assert.equal(ok(await rc(['cat', 'lab:rclone-allowed/session.txt'], session)), 'from a role session\n');
    assert.equal(ok(await rc(['lsf', 'lab:rclone-allowed'], session)), 'session.txt\n');

    const listed = await rc(['ls', `lab:${bucket}`], session);
    assert.notEqual(listed.code, 0);
    assert.match(listed.stderr, /AccessDenied: Access Denied\s+status code: 403/);
    const read = await rc(['cat', `lab:${bucket}/docs/hello.txt`], session);
    assert.notEqual(read.code, 0);
    assert.match(read.stderr, /AccessDenied: Access Denied\s+status code: 403/);
    // Without the HEAD rclone sends first (a 403 without a body, which it reports as Forbidden), the PUT itself.
    const written = await rc(['copy', '--no-check-dest', '--s3-no-head', join(scratch, 'session.txt'), `lab:${bucket}/`], session);
    assert.notEqual(written.code, 0);
    assert.match(written.stderr, /Failed to copy: AccessDenied: Access Denied/);
    const made = await rc(['mkdir', 'lab:rclone-not-allowed'], session);
    assert.notEqual(made.code, 0);
    assert.match(made.stderr, /AccessDenied: Access Denied/);
    const absent = await failure(() => l.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'session.txt' })));
    assert.equal(absent.status, 404);
  });
});
