/**
 * The in-process API (src/api/): a lab started in one line, set up through its own IAM and STS APIs, used by
 * the JS SDK and the AWS CLI, moved in time, and stopped without leaving anything behind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetObjectCommand, PutObjectCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { LabCallError, startLab } from '../../src/api/index.js';
import type { Lab } from '../../src/api/index.js';
import { awsCliVersion, run, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { runLimited } from '../support/run-limited.js';

const ALLOW_ASSUME = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };

/** The compiled fixture beside this file (the tests run from dist/test/). */
const fixture = fileURLToPath(new URL('./fixtures/many-labs.js', import.meta.url));

describe('startLab()', () => {
  const labs: Lab[] = [];
  after(async () => Promise.all(labs.map((lab) => lab.stop())));
  const start = async (...options: Parameters<typeof startLab>): Promise<Lab> => {
    const lab = await startLab(...options);
    labs.push(lab);
    return lab;
  };

  it('assumes a role with the JS SDK, and the session expires when the clock moves 2 h', async () => {
    const lab = await start();
    assert.match(lab.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const alice = await lab.createUser('alice', { policies: { assume: ALLOW_ASSUME } });
    const role = await lab.createRole('deployer');
    assert.equal(role.arn, `arn:aws:iam::${lab.accountId}:role/deployer`);
    const session = await lab.assumeRole(role.arn, { credentials: alice.credentials, sessionName: 'ci' });
    assert.equal(session.arn, `arn:aws:sts::${lab.accountId}:assumed-role/deployer/ci`);
    const sts = new STSClient({ endpoint: lab.endpoint, region: lab.region, credentials: session });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, session.arn);
    await lab.clock.advance('2h');
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), {
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    const [expired] = await lab.events({ deniedOnly: true });
    assert.equal(expired?.['errorCode'], 'ExpiredToken');
  });

  it('helpers fail with the error AWS answers, as a LabCallError', async () => {
    const lab = await start();
    await lab.createUser('dup');
    await assert.rejects(lab.createUser('dup'), (error: unknown) => {
      assert.ok(error instanceof LabCallError);
      assert.equal(error.status, 409);
      assert.equal(error.code, 'EntityAlreadyExists');
      assert.equal(error.action, 'iam:CreateUser');
      assert.equal(error.message, 'iam:CreateUser failed: EntityAlreadyExists: User with name dup already exists.');
      return true;
    });
    // A user without sts:AssumeRole is refused by the real policy evaluation, not let through by the helper.
    const bob = await lab.createUser('bob');
    await lab.createRole('target');
    await assert.rejects(lab.assumeRole('target', { credentials: bob.credentials }), { code: 'AccessDenied', status: 403 });
  });

  it('starts its clock where asked, in the past or the future, frozen or running', async () => {
    const past = await start({ clock: { at: '2020-02-29T12:00:00Z', frozen: true } });
    assert.equal(past.clock.now().toISOString(), '2020-02-29T12:00:00.000Z');
    const user = await past.createUser('u', { policies: { assume: ALLOW_ASSUME } });
    await past.createRole('r');
    const session = await past.assumeRole('r', { credentials: user.credentials, durationSeconds: 900 });
    assert.equal(session.expiresAt.toISOString(), '2020-02-29T12:15:00.000Z');
    assert.equal((await past.clock.advance('90m')).toISOString(), '2020-02-29T13:30:00.000Z');
    assert.equal((await past.clock.set(new Date('2020-03-01T00:00:00Z'))).toISOString(), '2020-03-01T00:00:00.000Z');
    await assert.rejects(past.clock.set('2020-01-01'), { name: 'RangeError', message: /the clock only moves forward/ });
    await assert.rejects(past.clock.advance('soon'), { name: 'RangeError', message: /`soon` is not a duration/ });
    await past.clock.resume();
    const running = past.clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(past.clock.now().getTime() > running, 'a resumed clock runs');

    const future = await start({ clock: { at: Date.UTC(2031, 0, 1) } });
    assert.ok(future.clock.now().getTime() >= Date.UTC(2031, 0, 1));
    await assert.rejects(startLab({ clock: { at: '2031-13-01' } }), RangeError);
  });

  it('keeps labs apart: each its own port, account, users and clock', async () => {
    const [a, b] = await Promise.all([start(), start({ accountId: '210987654321' })]);
    assert.ok(a !== undefined && b !== undefined);
    assert.notEqual(a.endpoint, b.endpoint);
    assert.equal(b.accountId, '210987654321');
    await a.createUser('only-in-a');
    await assert.rejects(b.call('iam', 'GetUser', { UserName: 'only-in-a' }), { code: 'NoSuchEntity' });
    await a.clock.advance('1d');
    assert.ok(a.clock.now().getTime() - b.clock.now().getTime() > 86_000_000);
    // One lab's keys mean nothing to another.
    await assert.rejects(b.call('sts', 'GetCallerIdentity', {}, a.credentials), { code: 'InvalidClientTokenId' });
  });

  it('env() runs the AWS CLI as the account root', { skip: awsCliVersion() === undefined ? SKIP_NO_AWS_CLI : false }, async () => {
    const lab = await start();
    const result = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], lab.env({ ...process.env, AWS_PROFILE: 'elsewhere' }));
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { Arn: string }).Arn, `arn:aws:iam::${lab.accountId}:root`);
  });

  it(
    'instanceEnv() gives a process on an instance its role through IMDS',
    { skip: awsCliVersion() === undefined ? SKIP_NO_AWS_CLI : false },
    async () => {
      const lab = await start();
      await lab.createRole('web', {
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      });
      const iam = new IAMClient({ endpoint: lab.endpoint, region: lab.region, credentials: lab.credentials });
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' }));
      const ec2 = new EC2Client({ endpoint: lab.endpoint, region: lab.region, credentials: lab.credentials });
      const launched = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'web' } }));
      const instanceId = launched.Instances?.[0]?.InstanceId ?? '';
      assert.throws(() => lab.instanceEnv('i-0123456789abcdef0'), /no metadata service for `i-0123456789abcdef0`/);
      await lab.clock.advance('1m');
      const result = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], lab.instanceEnv(instanceId));
      assert.equal(result.code, 0, result.stderr);
      assert.equal((JSON.parse(result.stdout) as { Arn: string }).Arn, `arn:aws:sts::${lab.accountId}:assumed-role/web/${instanceId}`);
    },
  );

  it('keeps its state in a directory when given one, and finds it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlab-api-'));
    try {
      const first = await startLab({ store: dir });
      await first.createUser('kept');
      const rootKey = first.credentials.accessKeyId;
      await first.stop();
      const second = await startLab({ store: dir });
      try {
        assert.equal(second.credentials.accessKeyId, rootKey);
        assert.match(await second.call('iam', 'GetUser', { UserName: 'kept' }), /<UserName>kept<\/UserName>/);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves S3 from memory', async () => {
    const lab = await start();
    const s3 = new S3Client({ endpoint: lab.endpoint, region: lab.region, forcePathStyle: true, credentials: lab.credentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'memory-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'memory-bucket', Key: 'k', Body: 'hello' }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'memory-bucket', Key: 'k' }))).Body?.transformToString(), 'hello');
  });

  it('acceptAnyKey lets a LocalStack-style key in as the root, and only when asked', async () => {
    const strict = await start();
    const relaxed = await start({ acceptAnyKey: '000000000000' });
    const test = { accessKeyId: 'test', secretAccessKey: 'test' };
    await assert.rejects(strict.call('sts', 'GetCallerIdentity', {}, test), { code: 'InvalidClientTokenId' });
    assert.match(await relaxed.call('sts', 'GetCallerIdentity', {}, test), /<Arn>arn:aws:iam::000000000000:root<\/Arn>/);
    await assert.rejects(startLab({ acceptAnyKey: 'everyone' }), RangeError);
  });

  it('stopping twice is stopping once', async () => {
    const lab = await startLab();
    await Promise.all([lab.stop(), lab.stop()]);
    await lab.stop();
  });
});

describe('a process that starts labs', () => {
  it('exits on its own after ten labs in turn, and leaves nothing on disk', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'iamlab-api-cwd-'));
    const scratch = mkdtempSync(join(tmpdir(), 'iamlab-api-tmp-'));
    try {
      const env = { ...process.env, TMPDIR: scratch, HOME: scratch };
      const result = await runLimited(process.execPath, [fixture, '10', '1'], { env, cwd, limitMs: 60_000 });
      assert.equal(result.timedOut, false, 'the process did not exit by itself: something was left open');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'ok 10\n');
      assert.deepEqual(readdirSync(cwd), [], 'nothing written in the working directory');
      assert.deepEqual(readdirSync(scratch), [], 'nothing written in the temporary directory');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('exits on its own after ten labs at once', async () => {
    const result = await runLimited(process.execPath, [fixture, '10', '10'], { limitMs: 60_000 });
    assert.equal(result.timedOut, false, 'the process did not exit by itself: something was left open');
    assert.equal(result.code, 0, result.stderr);
  });
});
