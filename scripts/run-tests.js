#!/usr/bin/env node
// Runs every compiled `*.test.js` under dist/test/ with node's test runner. (Node 20 has no glob arguments,
// and given a directory it would also run the helper modules that live under test/ as empty tests.)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const testDir = join(root, 'dist', 'test');

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return find(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

/** A compiled test whose source is gone (renamed or deleted: tsc never removes its old output) is not run. */
const hasSource = (file) => existsSync(join(root, relative(join(root, 'dist'), file)).replace(/\.js$/, '.ts'));

const only = process.argv.slice(2);
const files = find(testDir)
  .filter(hasSource)
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
if (files.length === 0) {
  console.error('no test files found under dist/test (run the build first)');
  process.exit(1);
}
// Stores refuse re-entrant calls under test (a deadlock would otherwise show only as a hang): store/reentry-guard.ts.
const env = { ...process.env, IAMLAB_STORE_CHECKS: '1' };
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
