/**
 * One lab per data directory. Two processes on one SQLite directory would each keep their own in-memory views
 * and disagree (users, clock, objects) while both ran; the second refuses to start instead. The lock is a
 * file, `iamlab.pid`, created exclusively and holding the owner's pid; it is removed when the lab closes. A
 * lock whose process is gone (a `kill -9`) is stale and taken over. (A pid reused since by an unrelated
 * process would look alive: the message names the pid, so a person can tell.)
 */
import { processAlive } from '../lib/process-alive.js';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'iamlab.pid';

class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

interface LockContent {
  readonly pid: number;
  readonly since: string;
}

async function holder(path: string): Promise<LockContent | undefined> {
  try {
    const content = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' ? { pid: content.pid, since: String(content.since ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the directory's lock; resolves to its release. Throws DataDirInUseError while a live lab holds it. */
export async function lockDataDir(dir: string, nowIso: string): Promise<() => Promise<void>> {
  try {
    return await takeLock(dir, nowIso);
  } catch (error) {
    throw unusable(dir, error);
  }
}

/** A data directory that cannot be used, in words: the path and what is wrong with it. */
function unusable(dir: string, error: unknown): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return new Error(`the data directory ${dir} cannot be made: a file is in its way (${(error as Error).message})`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new Error(`the data directory ${dir} is not writable by this user: choose another with --data-dir`);
    case 'ENOSPC':
      return new Error(`the disk holding the data directory ${dir} is full`);
    default:
      return error;
  }
}

async function takeLock(dir: string, nowIso: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE_NAME);
  const content = JSON.stringify({ pid: process.pid, since: nowIso });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, content, { flag: 'wx' });
      return async () => {
        // Only our own lock: a lab that took over a lock it thought stale must keep it.
        if ((await holder(path))?.pid === process.pid) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await holder(path);
    if (current !== undefined && processAlive(current.pid)) {
      const who = current.pid === process.pid ? 'another lab in this process' : `the iamlab process ${current.pid}`;
      throw new DataDirInUseError(
        `the data directory ${dir} is in use by ${who} (since ${current.since}): stop it first, or give this lab another --data-dir`,
      );
    }
    // Stale (its process is gone) or unreadable: take it over. If another lab does the same at once, one of
    // the two exclusive creations below fails and that one looks again.
    await unlink(path).catch(() => undefined);
  }
  throw new DataDirInUseError(`the data directory ${dir} is being taken by another lab at the same moment: try again`);
}
