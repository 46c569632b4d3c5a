/**
 * boto3 on an instance, end to end: `boto3.Session()` in a Python process whose only credential source is
 * the instance's metadata service (the environment `iamlab exec` builds: AWS_EC2_METADATA_SERVICE_ENDPOINT
 * set, every other credential variable cleared, empty config files). botocore's own chain then resolves
 * through `InstanceMetadataProvider` (method `iam-role`), with IMDSv2 (aws-behaviour.md §4.6).
 *
 * Expiry is driven by the lab's virtual clock, never by sleeping. One Python process per test stays alive
 * across `lab.clock.advance` and answers one JSON command per line, so a session can outlive a clock move as
 * a long-running program would. What the tests pin, against §4.6:
 * - botocore decides when to refresh by comparing `Expiration` with its own (wall) clock; it does not react to
 *   `ExpiredToken`. A session that lives across `clock advance` past its Expiration therefore keeps signing
 *   with the old set and gets `ExpiredToken`; a new session fetches the rotated set.
 * - static stability: a fetched set that expires within 15 min + 2–10 min is given a new expiry of now + that
 *   window, with the log line "Attempting credential expiration extension…"; such a set is used past its
 *   real Expiration and the lab answers `ExpiredToken`.
 * - once IMDS has no credentials (role removed and the last set expired, or profile detached), a new
 *   session finds none: `NoCredentialsError` ("Unable to locate credentials").
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { DescribeIamInstanceProfileAssociationsCommand, DisassociateIamInstanceProfileCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { PutRolePolicyCommand, RemoveRoleFromInstanceProfileCommand } from '@aws-sdk/client-iam';
import { instanceEnvironment } from '../../src/cli/commands/exec.js';
import type { Ec2Lab } from '../ec2/ec2-lab.js';
import { roleInProfile, startEc2Lab } from '../ec2/ec2-lab.js';
import { boto3Python, SKIP_NO_BOTO3 } from '../support/clients.js';
import { imds, token } from './imds-client.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The Python side: one JSON command per stdin line, one JSON answer per stdout line. */
const DRIVER = String.raw`
import json, logging, sys
import boto3
from botocore.credentials import InstanceMetadataProvider
from botocore.exceptions import ClientError, NoCredentialsError

class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []
    def emit(self, record):
        self.messages.append(record.getMessage())

capture = Capture()
logger = logging.getLogger('botocore')
logger.addHandler(capture)
logger.setLevel(logging.INFO)
logger.propagate = False

sessions = {}

def open_session(cmd):
    capture.messages.clear()
    if 'accessKeyId' in cmd:
        session = boto3.Session(aws_access_key_id=cmd['accessKeyId'], aws_secret_access_key=cmd['secretAccessKey'], aws_session_token=cmd['sessionToken'])
    else:
        session = boto3.Session()
    sessions[cmd['name']] = session
    creds = session.get_credentials()
    if creds is None:
        return {'found': False, 'log': list(capture.messages)}
    expiry = getattr(creds, '_expiry_time', None)
    return {
        'found': True,
        'method': creds.method,
        'imdsProvider': creds.method == InstanceMetadataProvider.METHOD,
        'accessKeyId': creds.get_frozen_credentials().access_key,
        'expiry': None if expiry is None else expiry.strftime('%Y-%m-%dT%H:%M:%SZ'),
        'log': list(capture.messages),
    }

def call(cmd):
    session = sessions[cmd['name']]
    try:
        if cmd['action'] == 'whoami':
            out = session.client('sts', endpoint_url=ENDPOINT).get_caller_identity()
            result = {'ok': True, 'arn': out['Arn'], 'userId': out['UserId']}
        else:
            out = session.client('iam', endpoint_url=ENDPOINT).get_role(RoleName=cmd['role'])
            result = {'ok': True, 'arn': out['Role']['Arn']}
    except ClientError as e:
        result = {'ok': False, 'code': e.response['Error']['Code'], 'message': e.response['Error']['Message']}
    except NoCredentialsError as e:
        result = {'ok': False, 'code': 'NoCredentialsError', 'message': str(e)}
    creds = session.get_credentials()
    result['accessKeyId'] = None if creds is None else creds.get_frozen_credentials().access_key
    return result

for line in sys.stdin:
    cmd = json.loads(line)
    answer = open_session(cmd) if cmd['op'] == 'session' else call(cmd)
    sys.stdout.write(json.dumps(answer) + '\n')
    sys.stdout.flush()
`;

interface SessionAnswer {
  readonly found: boolean;
  readonly method?: string;
  readonly imdsProvider?: boolean;
  readonly accessKeyId?: string;
  readonly expiry?: string | null;
  readonly log: readonly string[];
}

interface CallAnswer {
  readonly ok: boolean;
  readonly arn?: string;
  readonly userId?: string;
  readonly code?: string;
  readonly message?: string;
  readonly accessKeyId: string | null;
}

/** A Python process with boto3 living "on" an instance, driven one command at a time. */
class OnInstance {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #answers: string[] = [];
  readonly #waiting: { resolve(line: string): void; reject(error: Error): void }[] = [];
  #stderr = '';

  constructor(python: string, labEndpoint: string, imdsEndpoint: string) {
    // Exactly the environment `iamlab exec` gives a command, over a minimal base (no credentials at all).
    const base: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] };
    for (const name of ['PYENV_ROOT', 'PYENV_VERSION']) if (process.env[name] !== undefined) base[name] = process.env[name];
    const env = instanceEnvironment(base, { instanceId: '', state: 'running', region: 'us-east-1', imdsEndpoint }, labEndpoint, '/dev/null');
    // One attempt with a 1 s timeout is botocore's default; a loaded CI machine deserves a little more.
    env['AWS_METADATA_SERVICE_TIMEOUT'] = '5';
    this.#child = spawn(python, ['-c', `ENDPOINT = ${JSON.stringify(labEndpoint)}\n${DRIVER}`], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stderr.on('data', (chunk: Buffer) => void (this.#stderr += chunk.toString()));
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      const waiter = this.#waiting.shift();
      if (waiter === undefined) this.#answers.push(line);
      else waiter.resolve(line);
    });
    this.#child.on('exit', (code) => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error(`python exited (${String(code)}): ${this.#stderr}`));
    });
  }

  async #send<T>(command: Record<string, string>): Promise<T> {
    if (this.#child.exitCode !== null) throw new Error(`python exited (${this.#child.exitCode}): ${this.#stderr}`);
    this.#child.stdin.write(`${JSON.stringify(command)}\n`);
    const line = this.#answers.shift() ?? (await new Promise<string>((resolve, reject) => void this.#waiting.push({ resolve, reject })));
    return JSON.parse(line) as T;
  }

  /** A new `boto3.Session()` (the default chain), or one with explicit keys. */
  session(name: string, keys?: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<SessionAnswer> {
    return this.#send({ op: 'session', name, ...(keys ?? {}) });
  }

  whoami(name: string): Promise<CallAnswer> {
    return this.#send({ op: 'call', name, action: 'whoami' });
  }

  getRole(name: string, role: string): Promise<CallAnswer> {
    return this.#send({ op: 'call', name, action: 'getRole', role });
  }

  close(): void {
    this.#child.stdin.end();
  }
}

interface ServedSet {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Token: string;
  readonly Expiration: string;
}

/** The credentials document IMDS serves now, with (v2) or without (v1) a token. */
async function served(endpoint: string, role: string, delivery: 'v1' | 'v2' = 'v2'): Promise<ServedSet> {
  const headers: Record<string, string> = delivery === 'v2' ? { 'X-aws-ec2-metadata-token': await token(endpoint) } : {};
  const reply = await imds(endpoint, `/latest/meta-data/iam/security-credentials/${role}`, { headers });
  assert.equal(reply.status, 200, reply.body);
  return JSON.parse(reply.body) as ServedSet;
}

const python = boto3Python();
let lab: Ec2Lab;
const drivers: OnInstance[] = [];

before(async () => {
  if (python !== false) lab = await startEc2Lab();
});
after(async () => {
  for (const driver of drivers) driver.close();
  await lab?.dispose();
});

/** A role `name` (trusting EC2) in a same-named profile, an instance running with it, and boto3 on it. */
async function instanceWith(name: string): Promise<{ instanceId: string; endpoint: string; boto: OnInstance }> {
  await roleInProfile(lab, name);
  const out = await lab.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: name } }));
  const instanceId = out.Instances?.[0]?.InstanceId ?? '';
  lab.clock.advance(10_000);
  const endpoint = lab.imds.endpointOf(instanceId) ?? '';
  assert.notEqual(endpoint, '');
  const boto = new OnInstance(python as string, lab.endpoint, endpoint);
  drivers.push(boto);
  return { instanceId, endpoint, boto };
}

describe('boto3 on an instance', { skip: python === false ? SKIP_NO_BOTO3 : false }, () => {
  it('boto3.Session() resolves the role through InstanceMetadataProvider, over IMDSv2, as assumed-role/<role>/<instance id>', async () => {
    const { instanceId, endpoint, boto } = await instanceWith('app');
    const session = await boto.session('default');
    assert.equal(session.found, true, JSON.stringify(session));
    assert.equal(session.method, 'iam-role');
    assert.equal(session.imdsProvider, true);
    assert.ok(
      session.log.some((line) => line.includes('Found credentials from IAM Role: app')),
      session.log.join('\n'),
    );
    const v2 = await served(endpoint, 'app');
    const v1 = await served(endpoint, 'app', 'v1');
    assert.equal(session.accessKeyId, v2.AccessKeyId, 'botocore asks for a token first, so it gets the IMDSv2 set');
    assert.notEqual(session.accessKeyId, v1.AccessKeyId);
    assert.equal(session.expiry, v2.Expiration, 'six hours left: no static-stability extension');
    const me = await boto.whoami('default');
    assert.deepEqual({ ok: me.ok, arn: me.arn }, { ok: true, arn: `arn:aws:sts::123456789012:assumed-role/app/${instanceId}` });
    assert.match(me.userId ?? '', new RegExp(`^AROA[A-Z0-9]{17}:${instanceId}$`));
  });

  it('a session held across a clock move past Expiration keeps the old set and gets ExpiredToken; a new session gets the rotated set', async () => {
    const { instanceId, boto } = await instanceWith('rotating');
    const first = await boto.session('held');
    assert.equal((await boto.whoami('held')).ok, true);
    lab.clock.advance(6 * HOUR + MINUTE);
    // botocore compares Expiration with its own clock, which the advance did not move, and does not refresh
    // on ExpiredToken (§4.6): the held session signs with the expired set.
    const stale = await boto.whoami('held');
    assert.deepEqual(
      { ok: stale.ok, code: stale.code, message: stale.message, key: stale.accessKeyId },
      {
        ok: false,
        code: 'ExpiredToken',
        message: 'The security token included in the request is expired',
        key: first.accessKeyId,
      },
    );
    const fresh = await boto.session('fresh');
    assert.equal(fresh.found, true);
    assert.notEqual(fresh.accessKeyId, first.accessKeyId, 'IMDS rotated the set');
    const me = await boto.whoami('fresh');
    assert.equal(me.arn, `arn:aws:sts::123456789012:assumed-role/rotating/${instanceId}`);
  });

  it('role removed from the profile: the last set until it expires (static stability extends it when close), then no credentials', async () => {
    const { endpoint, boto } = await instanceWith('removed');
    const issued = await boto.session('early');
    await lab.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'removed', RoleName: 'removed' }));

    // Five hours on, IMDS still serves the same set (§4.4): a new session gets it and it works.
    lab.clock.advance(5 * HOUR);
    const later = await boto.session('later');
    assert.equal(later.accessKeyId, issued.accessKeyId);
    assert.equal(later.expiry, (await served(endpoint, 'removed')).Expiration);
    assert.equal((await boto.whoami('later')).ok, true);

    // Ten minutes before Expiration: inside botocore's 17–25 min window, so it moves the expiry out to now +
    // the window and logs that it did (§4.6).
    lab.clock.advance(HOUR - 10 * MINUTE);
    const servedNow = await served(endpoint, 'removed');
    const close = await boto.session('close');
    assert.equal(close.accessKeyId, issued.accessKeyId);
    assert.ok(
      close.log.some((line) => line.startsWith('Attempting credential expiration extension')),
      close.log.join('\n'),
    );
    const extendedBy = Date.parse(close.expiry ?? '') - Date.parse(servedNow.Expiration);
    assert.ok(extendedBy >= 6 * MINUTE && extendedBy <= 16 * MINUTE, `extended by ${extendedBy / MINUTE} min`);
    assert.equal((await boto.whoami('close')).ok, true, 'still valid at the lab for ten minutes');

    // Past the real Expiration: the extended session still signs with it and the lab says ExpiredToken.
    lab.clock.advance(11 * MINUTE);
    const expired = await boto.whoami('close');
    assert.deepEqual({ ok: expired.ok, code: expired.code, key: expired.accessKeyId }, { ok: false, code: 'ExpiredToken', key: issued.accessKeyId });
    // IMDS lists nothing any more, so a new session finds no credentials at all.
    assert.equal(
      (await imds(endpoint, '/latest/meta-data/iam/security-credentials/', { headers: { 'X-aws-ec2-metadata-token': await token(endpoint) } }))
        .status,
      404,
    );
    const none = await boto.session('none');
    assert.equal(none.found, false);
    const call = await boto.whoami('none');
    assert.deepEqual(
      { ok: call.ok, code: call.code, message: call.message },
      { ok: false, code: 'NoCredentialsError', message: 'Unable to locate credentials' },
    );
  });

  it('profile detached: a new session finds no credentials, the one already held keeps working', async () => {
    const { instanceId, boto } = await instanceWith('detached');
    const held = await boto.session('held');
    const [association] =
      (await lab.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] })))
        .IamInstanceProfileAssociations ?? [];
    await lab.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: association?.AssociationId }));
    lab.clock.advance(10_000);
    assert.equal((await boto.session('after')).found, false);
    const me = await boto.whoami('held');
    assert.deepEqual(
      { ok: me.ok, arn: me.arn, key: me.accessKeyId },
      { ok: true, arn: `arn:aws:sts::123456789012:assumed-role/detached/${instanceId}`, key: held.accessKeyId },
    );
  });

  it('a deny on ec2:RoleDelivery < 2.0 does not touch boto3 (IMDSv2) but denies the IMDSv1 set', async () => {
    const { endpoint, boto } = await instanceWith('delivery');
    const allowAndDeny = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'ec2:RoleDelivery': '2.0' } } },
      ],
    });
    await lab.iam.send(new PutRolePolicyCommand({ RoleName: 'delivery', PolicyName: 'no-imdsv1', PolicyDocument: allowAndDeny }));
    await boto.session('chain');
    const viaChain = await boto.getRole('chain', 'delivery');
    assert.equal(viaChain.ok, true, JSON.stringify(viaChain));
    const v1 = await served(endpoint, 'delivery', 'v1');
    await boto.session('v1', { accessKeyId: v1.AccessKeyId, secretAccessKey: v1.SecretAccessKey, sessionToken: v1.Token });
    const denied = await boto.getRole('v1', 'delivery');
    assert.deepEqual({ ok: denied.ok, code: denied.code }, { ok: false, code: 'AccessDenied' });
  });
});
