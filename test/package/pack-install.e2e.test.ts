/**
 * The package as a user gets it: `npm pack`, then in an empty directory `npm install <tarball>` (the native
 * SQLite module built as npm builds it), `npx iamlab serve`, and a node:test file that imports `startLab` from
 * 'iamlab', assumes a role with the JS SDK, sees ExpiredToken two hours later and stops — without the repository.
 * Packages come from npm's cache when it has them (`--prefer-offline`); the registry is asked otherwise.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/repo-root.js';
import { childTestEnv, runLimited } from '../support/run-limited.js';
import type { Finished } from '../support/run-limited.js';

const root = repoRoot();
/** Installing compiles better-sqlite3 when no prebuilt binary can be fetched: minutes on this machine. */
const INSTALL_LIMIT_MS = 12 * 60_000;

const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const CONSUMER_TEST = `
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLab } from 'iamlab';

test('a role session from the installed package expires on the lab clock', async () => {
  const lab = await startLab();
  try {
    const user = await lab.createUser('ci', {
      policies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
    });
    await lab.createRole('deployer');
    const session = await lab.assumeRole('deployer', { credentials: user.credentials, sessionName: 'pack' });
    const sts = new STSClient({ endpoint: lab.endpoint, region: lab.region, credentials: session });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, session.arn);
    await lab.clock.advance('2h');
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken' });
  } finally {
    await lab.stop();
  }
});
`;

describe('the packed package, installed in an empty directory', () => {
  let work: string;
  let app: string;
  let installed: Finished;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'iamlab-pack-'));
    app = join(work, 'app');
    // --ignore-scripts: npm test has built dist/ already; `prepare` would rebuild it under the running tests.
    const packed = await runLimited('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: root,
      env: childTestEnv(),
      limitMs: 120_000,
    });
    assert.equal(packed.code, 0, packed.stderr);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(app, 'consumer.test.js'), CONSUMER_TEST);
    installed = await runLimited(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, filename), `@aws-sdk/client-sts@${versionOf('@aws-sdk/client-sts')}`],
      { cwd: app, env: childTestEnv(), limitMs: INSTALL_LIMIT_MS },
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('installs', () => {
    assert.equal(installed.timedOut, false, 'npm install did not finish in time');
    assert.equal(installed.code, 0, installed.stderr);
    assert.deepEqual(readdirSync(join(app, 'node_modules', 'iamlab')).sort(), ['README.md', 'bin', 'data', 'dist', 'package.json']);
  });

  it('a node:test file imports startLab, assumes a role, sees ExpiredToken after 2 h, and exits by itself leaving nothing', async () => {
    const before = readdirSync(app).sort();
    const result = await runLimited(process.execPath, ['--test', '--test-reporter=tap', 'consumer.test.js'], {
      cwd: app,
      env: childTestEnv(),
      limitMs: 60_000,
    });
    assert.equal(result.timedOut, false, 'the test process did not exit by itself');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^# pass 1$/m);
    assert.deepEqual(readdirSync(app).sort(), before, 'nothing left on disk');
  });

  it('npx iamlab serve answers, and iamlab commands reach it', async () => {
    const server = spawn('npx', ['iamlab', 'serve', '--port', '0', '--store', 'memory'], {
      cwd: app,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /iamlab (http:\/\/127\.0\.0\.1:\d+) — account (\d{12}), in-memory store/.exec(out);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        server.on('exit', (code) => reject(new Error(`iamlab serve exited (${String(code)}): ${out}`)));
      });
      const health = (await (await fetch(`${endpoint}/_iamlab/health`)).json()) as { store: string };
      assert.equal(health.store, 'memory');
      const moved = await runLimited('npx', ['iamlab', 'clock', 'advance', '3h', '--endpoint', endpoint], {
        cwd: app,
        env: childTestEnv(),
        limitMs: 60_000,
      });
      assert.equal(moved.code, 0, moved.stderr);
      assert.match(moved.stdout, /3h/);
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
    }
  });
});
