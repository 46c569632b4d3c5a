/**
 * "A write that was acknowledged survives kill -9" (design.md, "Storage"): a child process writes and prints
 * each acknowledged key; we SIGKILL it mid-stream, reopen the store and look for every printed key.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { DURABILITY_COLLECTION, durabilityValue } from './fixtures/durability-value.js';
import { dropSchema, POSTGRES_SKIP_REASON, POSTGRES_URL, randomSchemaName } from './postgres-test-schema.js';

/** Acknowledged keys to wait for before the kill: enough that many transactions are in flight. */
const KILL_AFTER = 400;
/** A guard against a child that never writes, not a wait for time to pass. */
const GIVE_UP_MS = 15_000;

/** The fixture next to this file, .ts under tsx and .js when the compiled test runs from dist/test/. */
function writerScript(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`./fixtures/durability-writer.${extension}`, import.meta.url));
}

/** The loader flags this process runs under (`--import tsx`), which the child needs to load .ts. */
function loaderArgs(): string[] {
  const args: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (/^--(import|require|loader|experimental-loader)=/.test(arg)) args.push(arg);
    else if (/^--(import|require|loader|experimental-loader)$/.test(arg) || arg === '-r') {
      args.push(arg, argv[i + 1] ?? '');
      i++;
    }
  }
  return args;
}

interface WriterRun {
  readonly acknowledged: string[];
  readonly signal: NodeJS.Signals | null;
}

/** Runs the writer until KILL_AFTER keys are acknowledged, then kills it with SIGKILL. */
function runAndKillWriter(writerArgs: readonly string[]): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...loaderArgs(), writerScript(), '--durability-writer', ...writerArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: string[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer acknowledged only ${acknowledged.length} keys; stderr: ${stderr}`));
    }, GIVE_UP_MS);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      // The last piece has no newline yet: a key printed only in part is not counted as acknowledged.
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== 'ready' && line !== '') acknowledged.push(line);
      if (!killed && acknowledged.length >= KILL_AFTER) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(giveUp);
      if (!killed) reject(new Error(`writer exited by itself (code ${code}); stderr: ${stderr}`));
      else resolve({ acknowledged, signal });
    });
  });
}

async function checkSurvivors(store: Store, acknowledged: readonly string[]): Promise<void> {
  const entries = await store.transaction((tx) => tx.list(DURABILITY_COLLECTION));
  const stored = new Map(entries.map((e) => [e.key, e.value]));
  for (const key of acknowledged) {
    assert.deepEqual(stored.get(`${key}/a`), durabilityValue(key), `acknowledged ${key}/a is intact`);
    assert.deepEqual(stored.get(`${key}/b`), { key }, `acknowledged ${key}/b is intact`);
  }
  // Transactions committed but not yet printed may be there too; either whole or not at all.
  for (const key of stored.keys()) {
    const base = key.slice(0, -2);
    assert.ok(stored.has(`${base}/a`) && stored.has(`${base}/b`), `${base} was applied whole`);
  }
  // The store still takes writes after the crash.
  await store.transaction((tx) => tx.put(DURABILITY_COLLECTION, 'after-crash', true));
  assert.equal(await store.transaction((tx) => tx.get(DURABILITY_COLLECTION, 'after-crash')), true);
}

test('sqlite: every acknowledged write survives SIGKILL of the writing process', async () => {
  const root = mkdtempSync(join(tmpdir(), 'iamlab-durability-'));
  const dataDir = join(root, 'data');
  try {
    const run = await runAndKillWriter(['sqlite', dataDir]);
    assert.equal(run.signal, 'SIGKILL');
    assert.ok(run.acknowledged.length >= KILL_AFTER);
    const store = await openSqliteStore({ dataDir });
    try {
      await checkSurvivors(store, run.acknowledged);
    } finally {
      await store.close();
    }
    const db = new Database(join(dataDir, 'iamlab.db'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('postgres: every acknowledged write survives SIGKILL of the writing process', async (t) => {
  if (POSTGRES_URL === undefined) {
    t.skip(POSTGRES_SKIP_REASON);
    return;
  }
  const url = POSTGRES_URL;
  const schema = randomSchemaName('durability');
  try {
    const run = await runAndKillWriter(['postgres', url, schema]);
    assert.equal(run.signal, 'SIGKILL');
    const store = await openPostgresStore({ url, schema });
    try {
      await checkSurvivors(store, run.acknowledged);
    } finally {
      await store.close();
    }
  } finally {
    await dropSchema(url, schema);
  }
});
