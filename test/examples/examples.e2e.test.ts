/**
 * The runnable examples in examples/, run as a user runs them: bash, the real AWS CLI and the iamlab command.
 * The README promises they run on any lab, in any order, as often as one likes: so all of them run on one lab,
 * in a shuffled order, twice, and the lab must hold nothing of theirs afterwards. A script fails on the first
 * answer that is not AWS's.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { repoRoot } from '../support/repo-root.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const examplesDir = join(repoRoot(), 'examples');
const scripts = readdirSync(examplesDir)
  .filter((name) => /^\d\d-.*\.sh$/.test(name))
  .sort();

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

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

const order = [...shuffled(scripts), ...shuffled(scripts)];

describe(`examples/, twice in a shuffled order on one lab: ${order.join(' ')}`, () => {
  let lab: TestLab | undefined;
  before(async () => {
    if (awsCliVersion() !== false) lab = await startTestLab();
  });
  after(async () => lab?.dispose());

  it('has the examples', () => assert.ok(scripts.length >= 4, scripts.join(', ')));
  order.forEach((script, index) => {
    it(`${index < scripts.length ? 'first' : 'second'} run: ${script}`, { timeout: 180_000 }, async (t) => {
      if (lab === undefined) return t.skip(SKIP_NO_AWS_CLI);
      const { code, output } = await runScript(script, lab.endpoint);
      assert.equal(code, 0, `${script} failed:\n${output}`);
      assert.match(output, /example \d+ done/);
      assert.match(output, /clean up done, 0 failed/, `${script} did not clean up after itself:\n${output}`);
    });
  });

  it('leaves nothing behind: no user, role, instance profile, MFA device, identity provider, bucket or running instance', async (t) => {
    if (lab === undefined) return t.skip(SKIP_NO_AWS_CLI);
    const root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    const left = async (args: string[]): Promise<unknown> => {
      const result = await awsCli(lab!.endpoint, root, [...args, '--output', 'json']);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as unknown;
    };
    assert.deepEqual(await left(['iam', 'list-users', '--query', 'Users[].UserName']), []);
    assert.deepEqual(await left(['iam', 'list-roles', '--query', 'Roles[].RoleName']), []);
    assert.deepEqual(await left(['iam', 'list-instance-profiles', '--query', 'InstanceProfiles[].InstanceProfileName']), []);
    assert.deepEqual(await left(['iam', 'list-virtual-mfa-devices', '--query', 'VirtualMFADevices[].SerialNumber']), []);
    assert.deepEqual(await left(['iam', 'list-open-id-connect-providers', '--query', 'OpenIDConnectProviderList[].Arn']), []);
    assert.deepEqual(await left(['iam', 'list-saml-providers', '--query', 'SAMLProviderList[].Arn']), []);
    assert.deepEqual(await left(['s3api', 'list-buckets', '--query', 'Buckets[].Name']), []);
    assert.deepEqual(await left(['ec2', 'describe-instances', '--query', "Reservations[].Instances[?State.Name!='terminated'].InstanceId[]"]), []);
  });
});
