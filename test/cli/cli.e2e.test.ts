/**
 * The `iamlab` command line against a running lab: every command's output and exit code, through main()
 * with captured output (the same code bin/iamlab.js runs), plus one real process for the bin itself.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { repoRoot } from '../support/repo-root.js';
import { signedPost } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

interface Captured extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
}

function capture(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => void stdout.push(text), err: (text) => void stderr.push(text) };
}

async function run(lab: TestLab | undefined, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const env = lab === undefined ? {} : { IAMLAB_ENDPOINT: lab.endpoint };
  const code = await main(argv, env, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('iamlab CLI', () => {
  let lab: TestLab;
  before(async () => {
    lab = await startTestLab();
  });
  after(async () => {
    await lab.dispose();
  });

  it('env prints export lines with the root keys', async () => {
    const { code, out } = await run(lab, 'env');
    assert.equal(code, 0);
    assert.match(out, new RegExp(`^export AWS_ENDPOINT_URL=${lab.endpoint}$`, 'm'));
    assert.match(out, new RegExp(`^export AWS_ACCESS_KEY_ID=${lab.rootAccessKeyId}$`, 'm'));
    // Secrets may contain '/' and '+', which need no shell quoting.
    assert.ok(out.includes(`export AWS_SECRET_ACCESS_KEY=${lab.rootSecretAccessKey}\n`));
    assert.match(out, /^export AWS_DEFAULT_REGION=us-east-1$/m);
    assert.match(out, /^unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE$/m);
  });

  it('env --json and --region', async () => {
    const { code, out } = await run(lab, 'env', '--json', '--region', 'eu-west-1');
    assert.equal(code, 0);
    const values = JSON.parse(out) as Record<string, string>;
    assert.equal(values['AWS_REGION'], 'eu-west-1');
    assert.equal(values['AWS_ACCESS_KEY_ID'], lab.rootAccessKeyId);
  });

  it('clock shows, advances, sets, freezes and resumes; it refuses to go back', async () => {
    const shown = await run(lab, 'clock', '--json');
    assert.equal(shown.code, 0);
    const before = JSON.parse(shown.out) as { virtualNow: string; offsetMs: number };
    const advanced = await run(lab, 'clock', 'advance', '90m', '--json');
    const after1 = JSON.parse(advanced.out) as { virtualNow: string; offsetMs: number };
    assert.ok(after1.offsetMs - before.offsetMs >= 90 * 60_000 - 1000);
    const target = new Date(Date.parse(after1.virtualNow) + 86_400_000).toISOString();
    const set = await run(lab, 'clock', 'set', target, '--json');
    assert.equal(set.code, 0);
    assert.ok(Math.abs(Date.parse((JSON.parse(set.out) as { virtualNow: string }).virtualNow) - Date.parse(target)) < 2000);
    const back = await run(lab, 'clock', 'set', '2001-01-01T00:00:00Z');
    assert.equal(back.code, 1);
    assert.match(back.err, /only moves forward/);
    const frozen = await run(lab, 'clock', 'freeze');
    assert.match(frozen.out, /\(frozen\)/);
    const resumed = await run(lab, 'clock', 'resume');
    assert.doesNotMatch(resumed.out, /frozen/);
    assert.match(resumed.out, /^offset {8}\+1d1h3\dm/m);
  });

  it('clock rejects a bad duration and an unknown subcommand', async () => {
    const bad = await run(lab, 'clock', 'advance', 'soon');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /duration/);
    const unknown = await run(lab, 'clock', 'rewind');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown subcommand `rewind`/);
  });

  it('events lists requests and explain tells why', async () => {
    const ok = await signedPost({
      endpoint: lab.endpoint,
      service: 'sts',
      accessKeyId: lab.rootAccessKeyId,
      secretAccessKey: lab.rootSecretAccessKey,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const requestId = ok.headers.get('x-amzn-requestid') ?? '';
    const bad = await signedPost({
      endpoint: lab.endpoint,
      service: 'sts',
      accessKeyId: lab.rootAccessKeyId,
      secretAccessKey: 'x'.repeat(40),
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const badId = bad.headers.get('x-amzn-requestid') ?? '';
    const listed = await run(lab, 'events', '--limit', '5');
    assert.equal(listed.code, 0);
    assert.match(listed.out, new RegExp(`arn:aws:iam::123456789012:root  sts:GetCallerIdentity.*\\[${requestId}\\]`));
    const denied = await run(lab, 'events', '--denied', '--json');
    const deniedEvents = denied.out.split('\n').map((line) => JSON.parse(line) as { requestId: string; errorCode: string });
    assert.ok(deniedEvents.some((event) => event.requestId === badId && event.errorCode === 'SignatureDoesNotMatch'));
    assert.ok(!deniedEvents.some((event) => event.requestId === requestId));
    const explained = await run(lab, 'explain', requestId);
    assert.equal(explained.code, 0);
    assert.match(explained.out, /principal {2}arn:aws:iam::123456789012:root/);
    assert.match(explained.out, /decision {3}Allowed/);
    const explainedBad = await run(lab, 'explain', badId);
    assert.match(explainedBad.out, /answer {5}403 SignatureDoesNotMatch/);
    assert.match(explainedBad.out, /failed before authorization/);
    const missing = await run(lab, 'explain', 'nope');
    assert.equal(missing.code, 1);
    const lastDenied = await run(lab, 'explain', '--last-denied');
    assert.equal(lastDenied.code, 0, lastDenied.err);
    assert.match(lastDenied.out, new RegExp(`^request {4}${badId} `));
    const last = await run(lab, 'explain', '--last', '--json');
    assert.equal(last.code, 0, last.err);
    assert.ok((JSON.parse(last.out) as { requestId: string }).requestId.length > 0);
    const both = await run(lab, 'explain', requestId, '--last');
    assert.equal(both.code, 2);
    assert.match(both.err, /^iamlab explain: takes one request: a request id, --last or --last-denied/);
  });

  it('mistakes in options and arguments are told in the CLI’s words, not the parser’s or the admin API’s', async () => {
    const missingValue = await run(lab, 'events', '--principal');
    assert.equal(missingValue.code, 2);
    assert.match(missingValue.err, /^iamlab events: `--principal` needs a value\n/);
    const unknown = await run(lab, 'events', '--nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^iamlab events: unknown option `--nope`\n/);
    const value = await run(lab, 'events', '--denied=yes');
    assert.equal(value.code, 2);
    assert.match(value.err, /^iamlab events: `--denied` takes no value\n/);
    const extra = await run(lab, 'clock', 'freeze', 'now');
    assert.equal(extra.code, 2);
    assert.equal(extra.err, 'iamlab clock freeze: unexpected argument `now` (it takes none)');
    const account = await run(lab, 'env', '--account', '999999999999');
    assert.equal(account.code, 1);
    assert.equal(account.err, 'iamlab env: no account `999999999999` in the lab; `iamlab accounts create 999999999999` makes one');
  });

  it('events --follow prints new events until stopped', async () => {
    const { events } = await import('../../src/cli/commands/events.js');
    const { adminClient } = await import('../../src/cli/admin-client.js');
    const io = capture();
    const controller = new AbortController();
    const following = events(
      adminClient(lab.endpoint, undefined),
      { denied: false, principal: undefined, limit: 1, follow: true, json: true, pollMs: 20, signal: controller.signal },
      io,
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    const fresh = await signedPost({
      endpoint: lab.endpoint,
      service: 'sts',
      accessKeyId: lab.rootAccessKeyId,
      secretAccessKey: lab.rootSecretAccessKey,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const id = fresh.headers.get('x-amzn-requestid') ?? '';
    for (let i = 0; i < 100 && !io.stdout.some((line) => line.includes(id)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await following;
    assert.ok(
      io.stdout.some((line) => line.includes(id)),
      'the new event was printed',
    );
  });

  it('help, version and unknown commands', async () => {
    const help = await run(undefined, '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: iamlab <command>/);
    for (const command of ['serve', 'env', 'clock', 'events', 'explain', 'report', 'revoke-sessions', 'mfa', 'accounts', 'instances', 'exec']) {
      const sub = await run(undefined, command, '--help');
      assert.equal(sub.code, 0, command);
      assert.match(sub.out, new RegExp(`Usage: iamlab ${command}`));
    }
    const version = await run(undefined, '--version');
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.out, pkg.version, 'src/app/version.ts is kept in step with package.json');
    const unknown = await run(undefined, 'frobnicate');
    assert.equal(unknown.code, 2);
    const badFlag = await run(undefined, 'env', '--nope');
    assert.equal(badFlag.code, 2);
  });

  it('options before the command word parse, whichever command declares them', async () => {
    // A global option and its value before the command.
    const clock = await run(undefined, '--endpoint', lab.endpoint, '--json', 'clock');
    assert.equal(clock.code, 0, clock.err);
    assert.ok('virtualNow' in (JSON.parse(clock.out) as Record<string, unknown>));
    // A command's own option before its word: the value is not taken for the command.
    const serveHelp = await run(undefined, '--port', '5999', '--data-dir', '/nonexistent', 'serve', '--help');
    assert.equal(serveHelp.code, 0, serveHelp.err);
    assert.match(serveHelp.out, /^Usage: iamlab serve/);
    const events = await run(lab, '--limit', '1', 'events', '--json');
    assert.equal(events.code, 0, events.err);
    // An option the command does not take is refused with that command's help.
    const wrong = await run(lab, 'clock', '--denied');
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /^iamlab clock: unknown option `--denied`\n/);
    assert.match(wrong.err, /Usage: iamlab clock/);
  });

  it("clock: durations and times read strictly, in the CLI's words; the clock stops at year 9999", async () => {
    const before = (JSON.parse((await run(lab, 'clock', '--json')).out) as { offsetMs: number }).offsetMs;
    const back = await run(lab, 'clock', 'advance', '-5m');
    assert.equal(back.code, 2);
    assert.equal(back.err, 'iamlab clock advance: `-5m` goes back in time: the clock only moves forward (iamlab reset starts again from wall time)');
    const garbage = await run(lab, 'clock', 'advance', '5x');
    assert.equal(garbage.code, 2);
    assert.match(garbage.err, /^iamlab clock advance: `5x` is not a duration: write a number with a unit/);
    const impossible = await run(lab, 'clock', 'set', '2030-02-30');
    assert.equal(impossible.code, 2);
    assert.equal(impossible.err, 'iamlab clock set: `2030-02-30` is not a date that exists');
    const zoneless = await run(lab, 'clock', 'set', '2030-01-01T09:00:00');
    assert.match(zoneless.err, /has no zone: add Z for UTC/);
    const far = await run(lab, 'clock', 'advance', '3000000d');
    assert.equal(far.code, 1);
    assert.match(far.err, /^iamlab clock: the clock cannot pass 9999-12-24T23:59:59\.000Z/);
    // Nothing moved.
    const shown = JSON.parse((await run(lab, 'clock', '--json')).out) as { offsetMs: number };
    assert.ok(Math.abs(shown.offsetMs - before) < 1000, `${shown.offsetMs} against ${before}`);
  });

  it('reset asks for --yes, then leaves the lab as new with the clock at wall time', async () => {
    const refused = await run(lab, 'reset');
    assert.equal(refused.code, 2);
    assert.match(
      refused.err,
      /^iamlab reset: this deletes everything in the lab at http:\/\/127\.0\.0\.1:\d+ and sets its clock back to wall time; run `iamlab reset --yes` to do it$/,
    );
    assert.equal((await run(lab, 'clock', 'advance', '3d')).code, 0);
    const reset = await run(lab, 'reset', '--yes');
    assert.equal(reset.code, 0, reset.err);
    assert.match(reset.out, /is as new/);
    const shown = JSON.parse((await run(lab, 'clock', '--json')).out) as { offsetMs: number; frozen: boolean };
    assert.equal(shown.offsetMs, 0);
    assert.equal(shown.frozen, false);
    // The root keys stay: the exported credentials still work.
    const env = await run(lab, 'env', '--json');
    assert.equal((JSON.parse(env.out) as Record<string, string>)['AWS_ACCESS_KEY_ID'], lab.rootAccessKeyId);
  });

  it('a reader that goes away (iamlab … | head -1) ends the command quietly, with no stack trace', async () => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'iamlab.js'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Close our end of its stdout before it writes: its write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(stderr, '');
  });

  it("messages are the CLI's own: an endpoint without a scheme, an account id, AWS's text unescaped", async () => {
    const bare = await run(undefined, '--endpoint', lab.endpoint.replace('http://', ''), 'clock', '--json');
    assert.equal(bare.code, 0, bare.err);
    const badId = await run(lab, 'accounts', 'create', '12345');
    assert.equal(badId.code, 2);
    assert.equal(badId.err, 'iamlab accounts create: `12345` is not an account id: 12 digits, such as 111122223333');
    const revoke = await run(lab, 'revoke-sessions', "my role's");
    assert.equal(revoke.code, 1);
    // IAM's own answer, relayed as text: no XML escapes (IAM leaves the value out of its message, §10.2).
    assert.ok(!revoke.err.includes('&apos;'), revoke.err);
    assert.match(
      revoke.err,
      /^iamlab revoke-sessions: ValidationError: 1 validation error detected: Value at 'roleName' failed to satisfy constraint/,
    );
  });

  it('iamlab --help lists every command of the table', async () => {
    const help = await run(undefined, '--help');
    for (const command of [
      'serve',
      'env',
      'clock',
      'reset',
      'events',
      'explain',
      'report',
      'revoke-sessions',
      'mfa',
      'accounts',
      'instances',
      'exec',
      'presign',
    ]) {
      assert.match(help.out, new RegExp(`^  ${command}\\b`, 'm'), command);
    }
  });

  it('a command with no lab behind the endpoint says how to start one', async () => {
    const io = capture();
    const code = await main(['clock'], { IAMLAB_ENDPOINT: 'http://127.0.0.1:9' }, io);
    assert.equal(code, 1);
    assert.match(io.stderr.join('\n'), /no lab answers at http:\/\/127\.0\.0\.1:9/);
  });

  it('instances lists the EC2 instances with their metadata endpoints', async () => {
    const empty = await run(lab, 'instances');
    assert.equal(empty.code, 0);
    assert.match(empty.out, /no instances/);
    const { EC2Client, RunInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = new EC2Client({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey },
    });
    const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 }));
    ec2.destroy();
    const id = Instances?.[0]?.InstanceId ?? '';
    const listed = await run(lab, 'instances');
    assert.match(listed.out, new RegExp(`^${id}  \\S+ +http://127\\.0\\.0\\.1:\\d+  no instance profile`, 'm'));
    const one = await run(lab, 'instances', id, '--json');
    assert.equal((JSON.parse(one.out) as { instanceId: string }).instanceId, id);
  });

  it('global options may come before exec', async () => {
    const { code, err } = await run(undefined, '--endpoint', lab.endpoint, 'exec', '--instance', 'i-0123456789abcdef0', '--', 'true');
    assert.equal(code, 1);
    assert.doesNotMatch(err, /Unknown option/);
    assert.match(err, /i-0123456789abcdef0/);
  });

  it('the bin runs as a process', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot(), 'bin', 'iamlab.js'), 'env', '--endpoint', lab.endpoint]);
    assert.match(stdout, /export AWS_ACCESS_KEY_ID=AKIA/);
  });
});
