/**
 * bin/iamlab.js runs the CLI bundle compiled with V8's code cache (`dist/bundle/cli.cjs.v8-cache`): written by a
 * start that runs long enough, used by the next ones, written again when V8 refuses it or when a run compiled much
 * more than it holds, never with IAMLAB_CODE_CACHE=0. Each case runs a copy of the bin and the bundle in a directory of its own, so the cache the
 * rest of the suite uses is not touched.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../support/repo-root.js';

/** The bin writes the cache this long after it starts (bin/iamlab.js, CACHE_AFTER_MS), plus room for a slow machine. */
const WRITTEN_WITHIN_MS = 15_000;
const NOT_WRITTEN_AFTER_MS = 3_500;

interface Install {
  readonly root: string;
  readonly bin: string;
  readonly cache: string;
}

/** bin/, dist/bundle/cli.cjs, package.json, and links to node_modules and data: what an installed copy has. */
function install(): Install {
  const root = mkdtempSync(join(tmpdir(), 'iamlab-code-cache-'));
  const repo = repoRoot();
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
  copyFileSync(join(repo, 'bin', 'iamlab.js'), join(root, 'bin', 'iamlab.js'));
  copyFileSync(join(repo, 'dist', 'bundle', 'cli.cjs'), join(root, 'dist', 'bundle', 'cli.cjs'));
  copyFileSync(join(repo, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  symlinkSync(join(repo, 'data'), join(root, 'data'));
  return { root, bin: join(root, 'bin', 'iamlab.js'), cache: join(root, 'dist', 'bundle', 'cli.cjs.v8-cache') };
}

interface Served {
  /** The lab's health check answered. */
  readonly healthy: boolean;
  stop(): Promise<void>;
}

/** `iamlab serve` from `copy`, until its health check answers; `stop()` ends it. */
async function serve(copy: Install, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-code-cache-data-'));
  const child = spawn(process.execPath, [copy.bin, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  let endpoint: string | undefined;
  while (endpoint === undefined && Date.now() < deadline && child.exitCode === null) {
    endpoint = /^iamlab (http:\/\/\S+) — /m.exec(stdout)?.[1];
    if (endpoint === undefined) await pause(50);
  }
  if (endpoint === undefined) {
    await stop();
    assert.fail(`iamlab serve did not start: ${stderr}`);
  }
  const health = await fetch(`${endpoint}/_iamlab/health`);
  return { healthy: health.status === 200, stop };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `test` holds, or `ms` have passed; whether it held. */
async function eventually(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (test()) return true;
    await pause(100);
  }
  return test();
}

describe('the CLI bundle and its V8 code cache', () => {
  const copies: Install[] = [];
  let copy: Install;
  before(() => {
    copy = install();
    copies.push(copy);
  });
  after(() => {
    for (const { root } of copies) rmSync(root, { recursive: true, force: true });
  });

  it('a first start writes the cache; the next start uses it and leaves it as it is', { timeout: 60_000 }, async () => {
    assert.equal(existsSync(copy.cache), false);
    const first = await serve(copy);
    try {
      assert.equal(first.healthy, true);
      assert.equal(await eventually(() => existsSync(copy.cache), WRITTEN_WITHIN_MS), true, 'the cache was written');
    } finally {
      await first.stop();
    }
    assert.ok(statSync(copy.cache).size > 100_000, 'the cache holds the compiled bundle');
    const written = statSync(copy.cache).mtimeMs;
    const second = await serve(copy);
    try {
      assert.equal(second.healthy, true);
      await pause(NOT_WRITTEN_AFTER_MS);
      // V8 accepted it: a refused cache would have been written again by now.
      assert.equal(statSync(copy.cache).mtimeMs, written);
    } finally {
      await second.stop();
    }
  });

  it('a cache V8 refuses (damaged, or from another build) is ignored and written again', { timeout: 60_000 }, async () => {
    writeFileSync(copy.cache, 'not a code cache');
    const lab = await serve(copy);
    try {
      assert.equal(lab.healthy, true);
      assert.equal(await eventually(() => readFileSync(copy.cache, 'utf8') !== 'not a code cache', WRITTEN_WITHIN_MS), true);
    } finally {
      await lab.stop();
    }
    assert.ok(statSync(copy.cache).size > 100_000);
  });

  it('a cache written by a short command grows when a lab that compiled more exits', { timeout: 60_000 }, async () => {
    const fresh = install();
    copies.push(fresh);
    await promisify(execFile)(process.execPath, [fresh.bin, '--help'], { env: { PATH: process.env['PATH'] } });
    const fromHelp = statSync(fresh.cache).size;
    const lab = await serve(fresh);
    assert.equal(lab.healthy, true);
    await lab.stop();
    assert.ok(statSync(fresh.cache).size > fromHelp * 1.1, `${statSync(fresh.cache).size} bytes after serve, ${fromHelp} after --help`);
  });

  it('IAMLAB_CODE_CACHE=0 neither reads nor writes it', { timeout: 60_000 }, async () => {
    const fresh = install();
    copies.push(fresh);
    const lab = await serve(fresh, { IAMLAB_CODE_CACHE: '0' });
    try {
      assert.equal(lab.healthy, true);
      await pause(NOT_WRITTEN_AFTER_MS);
      assert.equal(existsSync(fresh.cache), false);
    } finally {
      await lab.stop();
    }
  });
});
