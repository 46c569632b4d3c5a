/**
 * The runnable examples in examples/, run as a user runs them: bash, the real AWS CLI and the iamlab
 * command, each against a fresh lab. A script fails on the first answer that is not AWS's.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { repoRoot } from '../support/repo-root.js';
import { startTestLab } from '../support/test-lab.js';

const examplesDir = join(repoRoot(), 'examples');
const scripts = readdirSync(examplesDir)
  .filter((name) => /^\d\d-.*\.sh$/.test(name))
  .sort();

function runScript(script: string, endpoint: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(examplesDir, script)], {
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        ...(process.env['PYENV_ROOT'] === undefined ? {} : { PYENV_ROOT: process.env['PYENV_ROOT'] }),
        IAMLAB_ENDPOINT: endpoint,
        IAMLAB: `${process.execPath} ${join(repoRoot(), 'bin', 'iamlab.js')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('examples/', () => {
  it('has the examples', () => assert.ok(scripts.length >= 4, scripts.join(', ')));
  for (const script of scripts) {
    it(script, { timeout: 180_000 }, async (t) => {
      if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
      const lab = await startTestLab();
      try {
        const { code, output } = await runScript(script, lab.endpoint);
        assert.equal(code, 0, `${script} failed:\n${output}`);
        assert.match(output, /example \d+ done/);
      } finally {
        await lab.dispose();
      }
    });
  }
});
