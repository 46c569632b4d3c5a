/** Starting the servers the benchmark compares: the lab (as a user starts it), the bare server, moto. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/support/repo-root.js';
import type { LoadRequest } from './load.js';

export interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

export const BENCH_KEYS = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'benchbenchbenchbenchbenchbenchbenchbench' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stopper(child: ChildProcess, cleanup?: () => void): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) {
        cleanup?.();
        resolve();
        return;
      }
      child.once('exit', () => {
        cleanup?.();
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/**
 * Node's own flags for the lab's process, from BENCH_LAB_NODE_ARGS (space-separated), to profile the server
 * as the benchmark loads it: `BENCH_LAB_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` (Node refuses
 * --cpu-prof in NODE_OPTIONS).
 */
const LAB_NODE_ARGS = (process.env['BENCH_LAB_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');

/** Starts `iamlab serve` in a child process on a fresh data directory; resolves once it listens. `env` adds to its environment. */
export async function startLabProcess(
  dataDir?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Child & { readonly spawnedAt: number; readonly dataDir: string }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'iamlab-bench-'));
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [...LAB_NODE_ARGS, join(repoRoot(), 'bin', 'iamlab.js'), 'serve', '--port', String(port), '--data-dir', dir, '--quiet'],
    {
      env: { ...process.env, IAMLAB_ROOT_ACCESS_KEY_ID: BENCH_KEYS.accessKeyId, IAMLAB_ROOT_SECRET_ACCESS_KEY: BENCH_KEYS.secretAccessKey, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    spawnedAt,
    dataDir: dir,
    stop: stopper(child, () => {
      if (dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    }),
  };
}

/** Resolves once the lab at `url` answers its health check (loading a large store takes a while). */
export async function waitForHealth(url: string, deadlineMs = 60_000): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/_iamlab/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`the lab at ${url} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A yardstick server in a child process: `args` after `node` (default: bench/bare-server.js); it prints its port. */
export async function startBareServer(
  args: readonly string[] = [join(repoRoot(), 'dist', 'bench', 'bare-server.js')],
  env: NodeJS.ProcessEnv = {},
): Promise<Child> {
  const child = spawn(process.execPath, [...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('error', reject);
  });
  return { process: child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

/**
 * The bare server on a port chosen beforehand, returned as soon as it is spawned (not once it listens), so that
 * its start can be timed the way the lab's is: from the spawn to the first answered request (`firstAnswer`).
 */
export function spawnBareServer(port: number, env: NodeJS.ProcessEnv = {}): Child & { readonly spawnedAt: number } {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'bench', 'bare-server.js')], {
    env: { ...process.env, ...env, BENCH_BARE_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { process: child, url: `http://127.0.0.1:${port}`, spawnedAt, stop: stopper(child) };
}

/** Sends `request` until it is answered with 200 (a server still starting refuses the connection); when that was. */
export async function firstAnswer(url: string, request: LoadRequest, deadlineMs: number): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url + request.path, { method: request.method, headers: request.headers, body: request.body ?? null });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadlineMs) throw new Error(`no answer from ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** `python3 -m moto.server`, when moto is installed; undefined otherwise. */
export async function startMoto(): Promise<Child | undefined> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const started = await new Promise<boolean>((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(false), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('Running on')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!started) {
    child.kill('SIGKILL');
    return undefined;
  }
  child.stderr?.resume();
  return { process: child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

/** Resident memory of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}
