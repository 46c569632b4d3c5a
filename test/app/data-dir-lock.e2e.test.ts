/**
 * One lab per data directory (app/data-dir-lock.ts): a second lab on a directory in use refuses to start and
 * names the holder; closing the first frees it; a lock left by a killed process is taken over.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LOCK_FILE_NAME } from '../../src/app/data-dir-lock.js';
import { startTestLab } from '../support/test-lab.js';

describe('one lab per data directory', () => {
  it('a second lab on the same directory refuses, naming the holder; after the first closes it starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-lock-'));
    try {
      const first = await startTestLab({ dataDir, keepData: true });
      await assert.rejects(startTestLab({ dataDir, keepData: true }), (error: Error) => {
        assert.equal(error.name, 'DataDirInUseError');
        assert.match(error.message, new RegExp(`^the data directory ${dataDir} is in use by another lab in this process \\(since `));
        return true;
      });
      await first.dispose();
      assert.equal(existsSync(join(dataDir, LOCK_FILE_NAME)), false);
      const second = await startTestLab({ dataDir, keepData: true });
      assert.equal(existsSync(join(dataDir, LOCK_FILE_NAME)), true);
      await second.dispose();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a lock left by a process that is gone (kill -9) is taken over', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-lock-'));
    try {
      // The pid of a process that has exited.
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: Number(gone.stdout), since: '2026-01-01T00:00:00.000Z' }));
      const lab = await startTestLab({ dataDir, keepData: true });
      await lab.dispose();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a data directory that cannot be made says so, with its path', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'iamlab-lock-'));
    try {
      const blocked = join(parent, 'file');
      writeFileSync(blocked, 'not a directory');
      await assert.rejects(startTestLab({ dataDir: join(blocked, 'lab'), keepData: true }), (error: Error) => {
        assert.match(error.message, new RegExp(`^the data directory ${join(blocked, 'lab')} cannot be made: a file is in its way`));
        return true;
      });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
