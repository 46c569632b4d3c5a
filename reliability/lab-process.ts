/**
 * `iamlab serve` in a child process for the fuzzer and the soak run: a fresh data directory, known root keys,
 * its standard error kept (a crash or a logged failure is a finding), and what /proc says of it (resident
 * memory, open file descriptors) and of its data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_KEYS, freePort, waitForHealth } from '../bench/servers.js';
import { repoRoot } from '../test/support/repo-root.js';

export const ROOT_KEYS = BENCH_KEYS;

export interface LabProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** What the lab wrote to standard error so far. */
  stderr(): string;
  /** The exit code or signal once it exited by itself; undefined while it runs. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

export async function startLab(env: NodeJS.ProcessEnv = {}): Promise<LabProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-reliability-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot(), 'bin', 'iamlab.js'), 'serve', '--port', String(port), '--data-dir', dataDir, '--quiet'],
    {
      env: { ...process.env, IAMLAB_ROOT_ACCESS_KEY_ID: ROOT_KEYS.accessKeyId, IAMLAB_ROOT_SECRET_ACCESS_KEY: ROOT_KEYS.secretAccessKey, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 1_000_000) stderr += chunk.toString('utf8');
  });
  let exit: string | undefined;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) exit = `exit code ${String(code)}, signal ${String(signal)}`;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return {
    url,
    port,
    pid: child.pid ?? 0,
    dataDir,
    stderr: () => stderr,
    exited: () => exit,
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        const done = (): void => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Bytes in files under `dir` (what `du --apparent-size` counts). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) total += directoryBytes(path);
      else if (entry.isFile()) total += statSync(path).size;
    } catch {
      // removed while we looked
    }
  }
  return total;
}

/** A small seeded generator (mulberry32): the same seed gives the same requests. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}
