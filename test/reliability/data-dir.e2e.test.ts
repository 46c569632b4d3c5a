/**
 * The data directory under trouble (issue "Nothing takes the lab down"): what a `kill -9` leaves between an
 * object's bytes and its metadata is removed at the next start and by a reset, never an acknowledged
 * object's bytes; a full disk answers the service's 503, applies nothing half, and the lab serves again
 * once there is room.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { failure } from '../support/failure.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

function clients(lab: TestLab): { s3: S3Client; iam: IAMClient } {
  const credentials = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
  return {
    s3: new S3Client({ endpoint: lab.endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 }),
    iam: new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
  };
}

function deadPid(): number {
  for (let pid = 4_000_000; ; pid--) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`never happened: ${what}`);
}

describe('orphaned object files', () => {
  it('are removed at start and by a reset; acknowledged objects keep their bytes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-orphans-'));
    try {
      const first = await startTestLab({ dataDir, keepData: true });
      const { s3 } = clients(first);
      await s3.send(new CreateBucketCommand({ Bucket: 'orphans' }));
      await s3.send(new PutObjectCommand({ Bucket: 'orphans', Key: 'kept', Body: 'acknowledged' }));
      s3.destroy();
      await first.dispose();

      // What an interrupted write leaves: bytes renamed into place without their metadata, and a temporary file.
      const blobDir = join(dataDir, 's3');
      const orphan = join(blobDir, 'data', 'f'.repeat(64));
      const temp = join(blobDir, 'tmp', `${deadPid()}-1-abc`);
      mkdirSync(join(blobDir, 'tmp'), { recursive: true });
      writeFileSync(orphan, 'orphaned bytes');
      writeFileSync(temp, 'half a write');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(orphan, anHourAgo, anHourAgo);
      const before = readdirSync(join(blobDir, 'data')).length;

      const second = await startTestLab({ dataDir, keepData: true });
      const again = clients(second);
      try {
        await eventually(() => !existsSync(orphan) && !existsSync(temp), 'the orphaned files are removed');
        assert.equal(readdirSync(join(blobDir, 'data')).length, before - 1, 'only the orphan went');
        const got = await again.s3.send(new GetObjectCommand({ Bucket: 'orphans', Key: 'kept' }));
        assert.equal(await got.Body?.transformToString(), 'acknowledged');
        assert.ok(
          second.logs.some((line) => line.includes('removed 2 orphaned object file(s)')),
          second.logs.join('\n'),
        );

        const reset = await fetch(`${second.endpoint}/_iamlab/reset`, { method: 'POST' });
        assert.equal(reset.status, 200);
        assert.deepEqual(existsSync(join(blobDir, 'data')) ? readdirSync(join(blobDir, 'data')) : [], [], 'a reset removes every object file');
      } finally {
        again.s3.destroy();
        again.iam.destroy();
        await second.dispose();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** A small tmpfs as the data directory, or why not (mounting needs root and a kernel that lets us). */
function smallDisk(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'SKIPPED: mounting a small file system needs root (CI runs as root)';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'SKIPPED: this machine does not let the test mount a tmpfs';
  }
}

describe('a full disk', () => {
  it('answers 503 ServiceUnavailable, keeps the lab up and consistent, and serves again once there is room', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-full-'));
    const skip = smallDisk(dataDir, '8m');
    if (skip !== undefined) {
      rmSync(dataDir, { recursive: true, force: true });
      return t.skip(skip);
    }
    try {
      const lab = await startTestLab({ dataDir, keepData: true });
      const { s3, iam } = clients(lab);
      try {
        await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
        // Fill the disk but for a little: the next object does not fit.
        const filler = join(dataDir, 'filler');
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
        } catch {
          // dd stops with an error when the disk is full: that is the point.
        }
        const put = await failure(() => s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'big', Body: Buffer.alloc(512 * 1024, 1) })));
        assert.equal(put.status, 503);
        assert.equal(put.code, 'ServiceUnavailable');
        // Enough writes that the database's write-ahead log must grow: the store's 503 in IAM's envelope.
        let iamFailed: { code: string; status: number | undefined } | undefined;
        for (let i = 0; i < 200 && iamFailed === undefined; i++) {
          await iam
            .send(new CreateUserCommand({ UserName: `full-${i}-${'x'.repeat(50)}` }))
            .catch((error: Error & { $metadata?: { httpStatusCode?: number } }) => {
              iamFailed = { code: error.name, status: error.$metadata?.httpStatusCode };
            });
        }
        assert.deepEqual(iamFailed, { code: 'ServiceUnavailable', status: 503 });
        // Nothing half-applied: the object that did not fit does not exist.
        const missing = await failure(() => s3.send(new GetObjectCommand({ Bucket: 'full', Key: 'big' })));
        assert.equal(missing.code, 'NoSuchKey');

        rmSync(filler);
        await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'big', Body: Buffer.alloc(512 * 1024, 1) }));
        await iam.send(new CreateUserCommand({ UserName: 'after-the-disk-had-room' }));
        const user = await iam.send(new GetUserCommand({ UserName: 'after-the-disk-had-room' }));
        assert.equal(user.User?.UserName, 'after-the-disk-had-room');
      } finally {
        s3.destroy();
        iam.destroy();
        await lab.dispose();
      }
    } finally {
      execFileSync('umount', [dataDir], { stdio: 'ignore' });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
