/**
 * Real clients against an instance's metadata listener: the JS SDK's `fromInstanceMetadata` with the
 * `AWS_EC2_METADATA_SERVICE_ENDPOINT` configuration (aws-behaviour.md §4.6), and `iamlab exec`, whose child
 * process finds the instance role through its default credential chain (JS SDK; and the AWS CLI when one
 * is on the PATH). Also: the listener's port survives a lab restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { execMain, instanceEnvironment } from '../../src/cli/commands/exec.js';
import { parseExecArgs } from '../../src/cli/exec-args.js';
import type { Ec2Lab } from '../ec2/ec2-lab.js';
import { roleInProfile, startEc2Lab } from '../ec2/ec2-lab.js';
import { awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { imds, token } from './imds-client.js';

let lab: Ec2Lab;
let instanceId: string;
let endpoint: string;

before(async () => {
  lab = await startEc2Lab();
  await roleInProfile(lab, 'app');
  const out = await lab.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'app' } }));
  instanceId = out.Instances?.[0]?.InstanceId ?? '';
  lab.clock.advance(10_000);
  endpoint = lab.imds.endpointOf(instanceId) ?? '';
});
after(async () => lab?.dispose());

describe('the JS SDK', () => {
  it('fromInstanceMetadata returns the instance role credentials served by the listener', async () => {
    const previous = process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'];
    process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = endpoint;
    try {
      const credentials = await fromInstanceMetadata({ timeout: 2000, maxRetries: 0 })();
      const served = JSON.parse(
        (await imds(endpoint, '/latest/meta-data/iam/security-credentials/app', { headers: { 'X-aws-ec2-metadata-token': await token(endpoint) } }))
          .body,
      ) as { AccessKeyId: string; Expiration: string };
      assert.equal(credentials.accessKeyId, served.AccessKeyId, 'the SDK used IMDSv2, so it got the 2.0 set');
      assert.equal(credentials.expiration?.toISOString().replace('.000Z', 'Z'), served.Expiration);
    } finally {
      if (previous === undefined) delete process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'];
      else process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = previous;
    }
  });
});

describe('iamlab exec', () => {
  it('parses its arguments', () => {
    assert.deepEqual(parseExecArgs(['--instance', 'i-1', '--', 'env']), {
      source: { kind: 'instance', instance: 'i-1' },
      endpoint: undefined,
      command: ['env'],
    });
    assert.deepEqual(parseExecArgs(['--instance=i-1', '--endpoint', 'http://x', 'aws', 'sts']), {
      source: { kind: 'instance', instance: 'i-1' },
      endpoint: 'http://x',
      command: ['aws', 'sts'],
    });
    assert.equal(typeof parseExecArgs(['--', 'env']), 'string');
    assert.equal(typeof parseExecArgs(['--instance', 'i-1']), 'string');
  });

  it('clears every other credential source and points the SDKs at the instance', () => {
    const env = instanceEnvironment(
      {
        PATH: '/bin',
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_SESSION_TOKEN: 't',
        AWS_PROFILE: 'p',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ROLE_ARN: 'r',
      },
      { instanceId: 'i-1', state: 'running', region: 'eu-west-1', imdsEndpoint: 'http://127.0.0.1:9' },
      'http://127.0.0.1:4566',
      '/tmp/empty',
    );
    assert.deepEqual(env, {
      PATH: '/bin',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9',
      AWS_SHARED_CREDENTIALS_FILE: '/tmp/empty',
      AWS_CONFIG_FILE: '/tmp/empty',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  it('runs a Node program whose default credential chain finds the instance role', async () => {
    const script = [
      "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');",
      '(async () => {',
      '  const sts = new STSClient({ endpoint: process.env.AWS_ENDPOINT_URL, maxAttempts: 1 });',
      '  const me = await sts.send(new GetCallerIdentityCommand({}));',
      '  process.stdout.write(JSON.stringify({ arn: me.Arn, imds: process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT, key: process.env.AWS_ACCESS_KEY_ID ?? null }));',
      '})().catch((e) => { process.stderr.write(String(e)); process.exit(3); });',
    ].join('\n');
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const environment = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1', AWS_SECRET_ACCESS_KEY: 'wrong', AWS_PROFILE: 'nope' };
    const code = await execMain(['--instance', instanceId, '--endpoint', lab.endpoint, '--', process.execPath, '-e', script], environment, io, {
      capture: true,
    });
    assert.equal(code, 0, err.join(''));
    const result = JSON.parse(out.join('')) as { arn: string; imds: string; key: string | null };
    assert.equal(result.arn, `arn:aws:sts::123456789012:assumed-role/app/${instanceId}`);
    assert.equal(result.imds, endpoint);
    assert.equal(result.key, null);
  });

  it('the AWS CLI on the instance is the instance role', async (t) => {
    if (awsCliVersion() === false) {
      t.skip(SKIP_NO_AWS_CLI);
      return;
    }
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text) };
    const code = await execMain(
      [
        '--instance',
        instanceId,
        '--endpoint',
        lab.endpoint,
        '--',
        'aws',
        '--endpoint-url',
        lab.endpoint,
        'sts',
        'get-caller-identity',
        '--output',
        'json',
      ],
      { PATH: process.env['PATH'], HOME: process.env['HOME'], PYENV_ROOT: process.env['PYENV_ROOT'], AWS_PAGER: '' },
      io,
      { capture: true },
    );
    assert.equal(code, 0, err.join(''));
    assert.equal((JSON.parse(out.join('')) as { Arn: string }).Arn, `arn:aws:sts::123456789012:assumed-role/app/${instanceId}`);
  });

  it('says so when the instance is unknown', async () => {
    const err: string[] = [];
    const code = await execMain(
      ['--instance', 'i-0000000000000000f', '--endpoint', lab.endpoint, '--', 'true'],
      {},
      { out: () => undefined, err: (t) => void err.push(t) },
    );
    assert.equal(code, 1);
    assert.match(err.join(''), /no instance `i-0000000000000000f`/);
  });
});

describe('a lab restart', () => {
  it('reopens the listener on the same port and keeps serving the same credential set', async () => {
    const other = await startEc2Lab();
    await roleInProfile(other, 'kept');
    const out = await other.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'kept' } }));
    const id = out.Instances?.[0]?.InstanceId ?? '';
    other.clock.advance(10_000);
    const before = other.imds.endpointOf(id) ?? '';
    const first = (await imds(before, '/latest/meta-data/iam/security-credentials/kept')).body;
    await other.dispose({ keepData: true });
    const again = await startEc2Lab({ dataDir: other.dataDir });
    try {
      assert.equal(again.imds.endpointOf(id), before);
      assert.equal(again.ec2State.instance(id)?.imdsPort, Number(new URL(before).port));
      // The restarted lab's clock starts at the wall clock again (the test did not store its advance).
      again.clock.advance(10_000);
      assert.equal((await imds(before, '/latest/meta-data/iam/security-credentials/kept')).body, first);
    } finally {
      await again.dispose();
    }
  });
});
