/**
 * One lab on many nodes (design.md "One lab on many nodes"): two and three iamlab nodes on one PostgreSQL
 * database behave as one lab — what one node commits is visible and enforced on the others at their next
 * request, writes are decided on the database's state (one of 50 CreateUser of one name, one use of an MFA
 * code), notifications bring nodes up to date without a request, and a node that lost its notification
 * connection reloads what it missed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { base32Decode } from '../../src/lib/base32.js';
import { TOTP_STEP_MS, totpCode } from '../../src/lib/totp.js';
import { awsCli, awsCliVersion, type ClientCredentials } from '../support/clients.js';
import { repoRoot } from '../support/repo-root.js';
import { signedPost, xmlText } from '../support/sign.js';
import type { TestLab } from '../support/test-lab.js';
import { createDatabase, type TestDatabase } from '../support/postgres-database.js';
import { eventually, POSTGRES_URL, SKIP_REASON, startNodes, stopNodes } from './nodes.js';

const ACCOUNT = '123456789012';
const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const ACCOUNT_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});

function rootOf(node: TestLab): ClientCredentials {
  return { accessKeyId: node.rootAccessKeyId, secretAccessKey: node.rootSecretAccessKey };
}

async function iam(node: TestLab, credentials: ClientCredentials, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  return signedPost({ endpoint: node.endpoint, service: 'iam', ...credentials, body });
}

async function sts(node: TestLab, credentials: ClientCredentials, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  return signedPost({ endpoint: node.endpoint, service: 'sts', ...credentials, body });
}

/** A user made through `node`, and the access key made for it. */
async function userWithKey(node: TestLab, root: ClientCredentials, userName: string): Promise<ClientCredentials> {
  assert.equal((await iam(node, root, { Action: 'CreateUser', UserName: userName })).status, 200);
  const created = await iam(node, root, { Action: 'CreateAccessKey', UserName: userName });
  assert.equal(created.status, 200, created.text);
  return { accessKeyId: xmlText(created.text, 'AccessKeyId') ?? '', secretAccessKey: xmlText(created.text, 'SecretAccessKey') ?? '' };
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

describe('one lab on many nodes', { skip: POSTGRES_URL === undefined ? SKIP_REASON : false }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createDatabase(POSTGRES_URL as string, 'nodes');
  });
  after(async () => {
    await database.drop();
  });

  it('two nodes, AWS CLI: a user, key, role, policy, revocation, clock move and instance made on one are enforced on the other', async (t) => {
    if (awsCliVersion() === false) return t.skip('SKIPPED: no AWS CLI on the PATH (CI installs it)');
    const [a, b] = (await startNodes(database.url, 2)) as [TestLab, TestLab];
    try {
      const root = rootOf(a);
      const cli = async (node: TestLab, args: string[], credentials: ClientCredentials = root): Promise<string> => {
        const result = await awsCli(node.endpoint, credentials, args);
        assert.equal(result.code, 0, `${args.join(' ')} on ${node.endpoint}: ${result.stderr}`);
        return result.stdout;
      };
      const cliError = async (node: TestLab, args: string[], credentials: ClientCredentials): Promise<string> => {
        const result = await awsCli(node.endpoint, credentials, args);
        assert.notEqual(result.code, 0, `${args.join(' ')} should have failed: ${result.stdout}`);
        return result.stderr;
      };

      // A user and its key made on A work on B at once.
      await cli(a, ['iam', 'create-user', '--user-name', 'dev']);
      assert.match(await cli(b, ['iam', 'get-user', '--user-name', 'dev']), /"Arn": "arn:aws:iam::123456789012:user\/dev"/);
      const key = json<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(
        await cli(a, ['iam', 'create-access-key', '--user-name', 'dev']),
      );
      const dev: ClientCredentials = { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey };
      assert.match(await cli(b, ['sts', 'get-caller-identity'], dev), /user\/dev/);

      // A role made on B, a policy put on A: the user assumes the role through B.
      await cli(b, ['iam', 'create-role', '--role-name', 'deploy', '--assume-role-policy-document', ACCOUNT_TRUST]);
      assert.match(
        await cliError(b, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/deploy`, '--role-session-name', 'first'], dev),
        /AccessDenied/,
      );
      const allowAssume = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'iam:ListRoles'], Resource: '*' }],
      });
      await cli(a, ['iam', 'put-user-policy', '--user-name', 'dev', '--policy-name', 'assume', '--policy-document', allowAssume]);
      const allowList = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] });
      await cli(a, ['iam', 'put-role-policy', '--role-name', 'deploy', '--policy-name', 'list', '--policy-document', allowList]);
      const assumed = json<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(
        await cli(b, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/deploy`, '--role-session-name', 'first'], dev),
      );
      const session: ClientCredentials = {
        accessKeyId: assumed.Credentials.AccessKeyId,
        secretAccessKey: assumed.Credentials.SecretAccessKey,
        sessionToken: assumed.Credentials.SessionToken,
      };
      await cli(a, ['iam', 'list-roles'], session);

      // Sessions revoked through B's admin API are refused on A at the next request.
      const revoked = await fetch(`${b.endpoint}/_iamlab/revoke-sessions`, { method: 'POST', body: JSON.stringify({ role: 'deploy' }) });
      assert.equal(revoked.status, 200, await revoked.text());
      assert.match(await cliError(a, ['iam', 'list-roles'], session), /AccessDenied/);

      // A clock moved on A has moved on B: a fresh session of one hour has expired there two hours later.
      const fresh = json<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(
        await cli(a, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/deploy`, '--role-session-name', 'late'], dev),
      );
      const late: ClientCredentials = {
        accessKeyId: fresh.Credentials.AccessKeyId,
        secretAccessKey: fresh.Credentials.SecretAccessKey,
        sessionToken: fresh.Credentials.SessionToken,
      };
      await cli(b, ['sts', 'get-caller-identity'], late);
      const moved = await fetch(`${a.endpoint}/_iamlab/clock`, { method: 'POST', body: JSON.stringify({ action: 'advance', by: '2h' }) });
      assert.equal(moved.status, 200);
      assert.match(await cliError(b, ['sts', 'get-caller-identity'], late), /ExpiredToken/);
      const clockB = json<{ offsetMs: number }>(await (await fetch(`${b.endpoint}/_iamlab/clock`)).text());
      assert.ok(clockB.offsetMs >= 7_199_000, `B's clock moved with A's (offset ${clockB.offsetMs} ms)`);

      // An instance launched on A: both nodes serve its metadata, with the same credentials.
      await cli(a, ['iam', 'create-role', '--role-name', 'web', '--assume-role-policy-document', EC2_TRUST]);
      await cli(b, ['iam', 'create-instance-profile', '--instance-profile-name', 'web']);
      await cli(a, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web', '--role-name', 'web']);
      const launched = json<{ Instances: { InstanceId: string }[] }>(
        await cli(a, ['ec2', 'run-instances', '--image-id', 'ami-12345678', '--iam-instance-profile', 'Name=web']),
      );
      const instanceId = launched.Instances[0]?.InstanceId ?? '';
      assert.match(await cli(b, ['ec2', 'describe-instances', '--instance-ids', instanceId]), new RegExp(instanceId));
      const served: string[] = [];
      for (const node of [a, b]) {
        const listed = json<{ imdsEndpoint?: string }>(await (await fetch(`${node.endpoint}/_iamlab/instances/${instanceId}`)).text());
        assert.ok(listed.imdsEndpoint !== undefined, `${node.endpoint} serves the instance's metadata`);
        const document = await (await fetch(`${listed.imdsEndpoint}/latest/meta-data/iam/security-credentials/web`)).text();
        served.push(json<{ AccessKeyId: string }>(document).AccessKeyId);
      }
      assert.equal(served[0], served[1], 'both nodes hand out the one credential set of the instance');
      const imdsA = json<{ imdsEndpoint: string }>(await (await fetch(`${a.endpoint}/_iamlab/instances/${instanceId}`)).text()).imdsEndpoint;
      const imdsB = json<{ imdsEndpoint: string }>(await (await fetch(`${b.endpoint}/_iamlab/instances/${instanceId}`)).text()).imdsEndpoint;
      assert.notEqual(imdsA, imdsB, 'each node listens on a port of its own');
    } finally {
      await stopNodes([a, b]);
    }
  });

  it('three nodes: 50 parallel CreateUser of one name spread over them → exactly one succeeds', async () => {
    const nodes = await startNodes(database.url, 3);
    try {
      const root = rootOf(nodes[0] as TestLab);
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => iam(nodes[i % 3] as TestLab, root, { Action: 'CreateUser', UserName: 'only-one' })),
      );
      const codes = answers.map((answer) => (answer.status === 200 ? 'ok' : `${answer.status} ${xmlText(answer.text, 'Code') ?? answer.text}`));
      assert.equal(codes.filter((code) => code === 'ok').length, 1, codes.join(', '));
      assert.ok(
        codes.every((code) => code === 'ok' || code === '409 EntityAlreadyExists'),
        codes.join(', '),
      );
      for (const node of nodes) {
        const got = await iam(node, root, { Action: 'GetUser', UserName: 'only-one' });
        assert.equal(got.status, 200, got.text);
      }
    } finally {
      await stopNodes(nodes);
    }
  });

  it('one MFA code used on two nodes at once → exactly one AssumeRole succeeds', async () => {
    // Both nodes read one wall clock, so the test knows which 30-second step each code belongs to.
    let wallMs = Date.now();
    const [a, b] = (await startNodes(database.url, 2, { wallNow: () => wallMs })) as [TestLab, TestLab];
    try {
      const root = rootOf(a);
      const user = await userWithKey(a, root, 'mfa-user');
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
      assert.equal((await iam(b, root, { Action: 'PutUserPolicy', UserName: 'mfa-user', PolicyName: 'p', PolicyDocument: policy })).status, 200);
      assert.equal((await iam(b, root, { Action: 'CreateRole', RoleName: 'guarded', AssumeRolePolicyDocument: ACCOUNT_TRUST })).status, 200);
      const device = await iam(a, root, { Action: 'CreateVirtualMFADevice', VirtualMFADeviceName: 'phone' });
      assert.equal(device.status, 200, device.text);
      // The seed is a blob on the wire: base64 of the base32 text an authenticator app takes.
      const seed = base32Decode(Buffer.from(xmlText(device.text, 'Base32StringSeed') ?? '', 'base64').toString('ascii'));
      assert.ok(seed !== undefined && seed.length > 0, device.text);
      const serialNumber = `arn:aws:iam::${ACCOUNT}:mfa/phone`;
      const enabled = await iam(b, root, {
        Action: 'EnableMFADevice',
        UserName: 'mfa-user',
        SerialNumber: serialNumber,
        AuthenticationCode1: totpCode(seed, wallMs - TOTP_STEP_MS),
        AuthenticationCode2: totpCode(seed, wallMs),
      });
      assert.equal(enabled.status, 200, enabled.text);
      wallMs += TOTP_STEP_MS;
      const code = totpCode(seed, wallMs);
      const params = {
        Action: 'AssumeRole',
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/guarded`,
        RoleSessionName: 'twice',
        SerialNumber: serialNumber,
        TokenCode: code,
      };
      const answers = await Promise.all([sts(a, user, params), sts(b, user, params)]);
      const statuses = answers.map((answer) => `${answer.status} ${xmlText(answer.text, 'Code') ?? ''}`);
      assert.equal(answers.filter((answer) => answer.status === 200).length, 1, statuses.join(', '));
      assert.ok(statuses.includes('403 AccessDenied'), statuses.join(', '));
    } finally {
      await stopNodes([a, b]);
    }
  });

  it('announcements bring a node up to date without a request; a lost notification connection is reloaded', async () => {
    const [a, b] = (await startNodes(database.url, 2)) as [TestLab, TestLab];
    try {
      const root = rootOf(a);
      assert.equal((await iam(a, root, { Action: 'CreateUser', UserName: 'announced' })).status, 200);
      assert.ok(
        await eventually(() => b.parts.iam.index.byName('user', ACCOUNT, 'announced') !== undefined),
        'B applied the user from the notification alone',
      );

      // An instance launched through A has its metadata listener on B without a request to B; terminated, it
      // is gone from both, with the ports each node kept for it.
      const launched = await signedPost({
        endpoint: a.endpoint,
        service: 'ec2',
        ...root,
        body: 'Action=RunInstances&Version=2016-11-15&ImageId=ami-12345678&MinCount=1&MaxCount=1',
      });
      assert.equal(launched.status, 200, launched.text);
      const instanceId = xmlText(launched.text, 'instanceId') ?? '';
      assert.ok(await eventually(() => b.parts.imds.endpointOf(instanceId) !== undefined), 'B listens for the instance A launched');
      const ports = async (): Promise<string[]> =>
        (await a.store.transaction((tx) => tx.list('imds-ports'))).map((entry) => entry.key).filter((key) => key.endsWith(instanceId));
      assert.equal((await ports()).length, 2, 'each node kept its own port');
      const terminated = await signedPost({
        endpoint: a.endpoint,
        service: 'ec2',
        ...root,
        body: `Action=TerminateInstances&Version=2016-11-15&InstanceId.1=${instanceId}`,
      });
      assert.equal(terminated.status, 200, terminated.text);
      assert.ok(await eventually(() => b.parts.imds.endpointOf(instanceId) === undefined), 'B closed the listener');
      assert.ok(await eventually(async () => (await ports()).length === 0), 'no node keeps a port for a terminated instance');

      // B's notification connection dies: it listens again and reloads what was said meanwhile.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const killed = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
        );
        assert.ok((killed.rowCount ?? 0) >= 2, 'both nodes had a notification connection');
      } finally {
        await admin.end();
      }
      assert.equal((await iam(a, root, { Action: 'CreateUser', UserName: 'after-the-loss' })).status, 200);
      assert.ok(
        await eventually(() => b.parts.iam.index.byName('user', ACCOUNT, 'after-the-loss') !== undefined, 10_000),
        'B reloaded the user made while it was not listening',
      );
      assert.ok(
        b.logs.some((line) => line.includes('lost the connection that announces')),
        'the loss is logged',
      );
    } finally {
      await stopNodes([a, b]);
    }
  });

  it("last-used data and credential reports are the lab's, whichever node served the requests", async () => {
    const [a, b] = (await startNodes(database.url, 2)) as [TestLab, TestLab];
    try {
      const root = rootOf(a);
      const key = await userWithKey(a, root, 'used-on-b');
      const never = await iam(a, root, { Action: 'GetAccessKeyLastUsed', AccessKeyId: key.accessKeyId });
      assert.equal(xmlText(never.text, 'LastUsedDate'), undefined, never.text);
      assert.equal((await sts(b, key, { Action: 'GetCallerIdentity' })).status, 200);
      let answer = '';
      const seen = await eventually(async () => {
        answer = (await iam(a, root, { Action: 'GetAccessKeyLastUsed', AccessKeyId: key.accessKeyId })).text;
        return xmlText(answer, 'LastUsedDate') !== undefined;
      });
      assert.ok(seen, `A answers the use B served: ${answer}`);
      assert.equal(xmlText(answer, 'ServiceName'), 'sts');

      const started = await iam(a, root, { Action: 'GenerateCredentialReport' });
      assert.equal(xmlText(started.text, 'State'), 'STARTED', started.text);
      const again = await iam(b, root, { Action: 'GenerateCredentialReport' });
      assert.equal(xmlText(again.text, 'State'), 'COMPLETE', `B knows the report A generated: ${again.text}`);
      const report = await iam(b, root, { Action: 'GetCredentialReport' });
      assert.equal(report.status, 200, report.text);
      assert.match(Buffer.from(xmlText(report.text, 'Content') ?? '', 'base64').toString('utf8'), /used-on-b/);
    } finally {
      await stopNodes([a, b]);
    }
  });

  it('a node killed with kill -9 loses nothing it acknowledged', async () => {
    const [a] = (await startNodes(database.url, 1)) as [TestLab];
    const child = spawn(process.execPath, [`${repoRoot()}/bin/iamlab.js`, 'serve', '--store', database.url, '--port', '0'], {
      env: { ...process.env, IAMLAB_NODE: 'doomed' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
      assert.ok(await eventually(() => /http:\/\/127\.0\.0\.1:\d+/.test(out), 15_000), `the node started: ${out}`);
      const endpoint = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0] ?? '';
      const root = rootOf(a);
      const names = Array.from({ length: 20 }, (_, i) => `before-kill-${i}`);
      for (const name of names) {
        const created = await signedPost({ endpoint, service: 'iam', ...root, body: `Action=CreateUser&Version=2010-05-08&UserName=${name}` });
        assert.equal(created.status, 200, created.text);
      }
      child.kill('SIGKILL');
      await once(child, 'close');
      for (const name of names) {
        const got = await iam(a, root, { Action: 'GetUser', UserName: name });
        assert.equal(got.status, 200, `${name} after the kill: ${got.text}`);
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await stopNodes([a]);
    }
  });
});
