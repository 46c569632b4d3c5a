/**
 * The two example test files in examples/tests/ run as a user runs them — `node --test` and `vitest run` —
 * importing the package by its name (`iamlab`, the built bundle), and pass.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo-root.js';
import { runLimited } from '../support/run-limited.js';

const root = repoRoot();

/** The runners' own environment: no credentials of this machine leak into the examples. */
function exampleEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    NO_COLOR: '1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

describe('examples/tests', () => {
  it('node-test.test.js passes under node --test', async () => {
    const result = await runLimited(process.execPath, ['--test', '--test-reporter=tap', join(root, 'examples', 'tests', 'node-test.test.js')], {
      cwd: root,
      env: exampleEnv(),
      limitMs: 120_000,
    });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^# pass 3$/m);
    assert.match(result.stdout, /^# fail 0$/m);
  });

  it('vitest.test.ts passes under vitest run', async () => {
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const result = await runLimited(process.execPath, [vitest, 'run', 'examples/tests/vitest.test.ts', '--reporter=verbose'], {
      cwd: root,
      env: exampleEnv(),
      limitMs: 120_000,
    });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Tests\s+2 passed \(2\)/);
  });
});
