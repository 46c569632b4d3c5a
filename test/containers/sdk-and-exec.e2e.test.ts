/**
 * Real clients find container credentials through their default chains (aws-behaviour.md §4.7), under
 * `iamlab exec --task-role` (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN) and
 * `iamlab exec --pod-identity` (… + AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE): the AWS CLI, boto3 and the JS
 * SDK each call GetCallerIdentity and see the task's or pod's session. Also: the JS SDK's chain across a
 * clock move (a new session from the rotated agent, the old one ExpiredToken at STS), a role that does not
 * trust ECS, and the environment exec builds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { execMain } from '../../src/cli/commands/exec.js';
import { parseExecArgs } from '../../src/cli/exec-args.js';
import { containerSource, isolatedEnvironment } from '../../src/cli/exec-environment.js';
import { awsCliVersion, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { failure } from '../support/failure.js';
import { awsCliWhoAmI, boto3WhoAmI, nodeWhoAmI } from '../support/who-am-i.js';
import type { ContainerLab } from './container-lab.js';
import { ACCOUNT, startContainerLab, trust, TRUST_ECS, TRUST_PODS } from './container-lab.js';

const HOUR = 3_600_000;
const TASK_ARN = new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/task-app/([0-9a-f]{32})$`);

let lab: ContainerLab;
let taskRole: string;
let podRole: string;

before(async () => {
  lab = await startContainerLab();
  taskRole = await lab.role('task-app', TRUST_ECS);
  podRole = await lab.role('pod-app', TRUST_PODS);
});
after(async () => lab?.dispose());

/** A child's environment polluted with every other credential source exec must clear. */
function polluted(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1',
    AWS_SECRET_ACCESS_KEY: 'wrong',
    AWS_PROFILE: 'nope',
    AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/nope`,
    AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/nope',
    AWS_PAGER: '',
  };
  return env;
}

async function exec(args: readonly string[], command: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
  const code = await execMain([...args, '--endpoint', lab.endpoint, '--', ...command], polluted(), io, { capture: true });
  return { code, out: out.join(''), err: err.join('') };
}

const AWS_CLI = (): string[] => awsCliWhoAmI(lab.endpoint);
const BOTO3 = boto3WhoAmI;
const NODE = nodeWhoAmI;

const arnOf = (out: string): string => (JSON.parse(out) as { Arn: string }).Arn;

describe('iamlab exec --task-role', () => {
  it('the AWS CLI is the task role, named after the task id; the task is gone afterwards', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const { code, out, err } = await exec(['--task-role', taskRole], AWS_CLI());
    assert.equal(code, 0, err);
    const taskId = TASK_ARN.exec(arnOf(out))?.[1];
    assert.ok(taskId !== undefined, out);
    assert.equal((await lab.admin('GET', `tasks/${taskId}`)).status, 404);
  });

  it('boto3 finds it through botocore’s container provider', async (t) => {
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const { code, out, err } = await exec(['--task-role', taskRole, '--region', 'eu-west-1'], BOTO3(python));
    assert.equal(code, 0, err);
    const result = JSON.parse(out) as { Arn: string; method: string };
    assert.match(result.Arn, TASK_ARN);
    assert.equal(result.method, 'container-role');
  });

  it('the JS SDK’s default chain finds it', async () => {
    const { code, out, err } = await exec(['--task-role', taskRole], NODE(false));
    assert.equal(code, 0, err);
    assert.match(arnOf(out), TASK_ARN);
  });

  it('a role that does not trust ecs-tasks.amazonaws.com leaves the CLI without credentials, with the agent’s error', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const ec2Role = await lab.role('not-for-tasks', trust('ec2.amazonaws.com', 'sts:AssumeRole'));
    const { code, err } = await exec(['--task-role', ec2Role], AWS_CLI());
    assert.notEqual(code, 0);
    assert.match(err, /400/);
    assert.match(err, /InvalidIdInRequest/);
  });

  it('says so when the role is not in the lab', async () => {
    const { code, err } = await exec(['--task-role', `arn:aws:iam::${ACCOUNT}:role/missing`], ['true']);
    assert.equal(code, 1);
    assert.match(err, /no role `arn:aws:iam::123456789012:role\/missing` in the lab/);
  });
});

describe('iamlab exec --pod-identity', () => {
  const POD_ARN = new RegExp(
    `^arn:aws:sts::${ACCOUNT}:assumed-role/pod-app/eks-shop-api-1-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`,
  );
  const POD_ARGS = (): string[] => [
    '--pod-identity',
    podRole,
    '--cluster',
    'shop',
    '--namespace',
    'web',
    '--service-account',
    'api',
    '--pod-name',
    'api-1',
  ];

  it('the AWS CLI reads the token file and is the pod’s session', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const { code, out, err } = await exec(POD_ARGS(), AWS_CLI());
    assert.equal(code, 0, err);
    assert.match(arnOf(out), POD_ARN);
    const left = (await lab.admin('GET', 'pod-identity-associations')).json['associations'] as unknown[];
    assert.equal(left.length, 0);
  });

  it('boto3 finds it through botocore’s container provider', async (t) => {
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const { code, out, err } = await exec(POD_ARGS(), BOTO3(python));
    assert.equal(code, 0, err);
    const result = JSON.parse(out) as { Arn: string; method: string };
    assert.match(result.Arn, POD_ARN);
    assert.equal(result.method, 'container-role');
  });

  it('the JS SDK’s fromNodeProviderChain finds it', async () => {
    const { code, out, err } = await exec(POD_ARGS(), NODE(true));
    assert.equal(code, 0, err);
    assert.match(arnOf(out), POD_ARN);
  });

  it('defaults the names: cluster iamlab, namespace and service account default', async () => {
    const { code, out, err } = await exec(['--pod-identity', podRole], NODE(false));
    assert.equal(code, 0, err);
    assert.match(arnOf(out), new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/pod-app/eks-iamlab-default-[0-9a-f]{2}-[0-9a-f-]{36}$`));
  });
});

describe('the JS SDK across a clock move', () => {
  /** Runs `fn` with only the container variables set in this process's environment. */
  async function withContainerEnv<T>(uri: string, token: string, fn: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    process.env['AWS_CONFIG_FILE'] = '/dev/null';
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = '/dev/null';
    try {
      return await fn();
    } finally {
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      Object.assign(process.env, saved);
    }
  }

  it('a new chain after the move gets the rotated session; the old session is ExpiredToken at STS', async () => {
    const task = await lab.createTask({ roleArn: taskRole });
    const [before, afterMove] = await withContainerEnv(task.credentialsUri, task.authorizationToken, async () => {
      const first = await fromNodeProviderChain()();
      lab.clock.advance(7 * HOUR);
      const second = await fromNodeProviderChain()();
      return [first, second];
    });
    assert.notEqual(afterMove.accessKeyId, before.accessKeyId);
    assert.ok((afterMove.expiration?.getTime() ?? 0) - Date.now() > 5 * HOUR);
    const expired = await failure(() => lab.sts(before).send(new GetCallerIdentityCommand({})));
    assert.equal(expired.code, 'ExpiredToken');
    assert.equal(
      (await lab.sts(afterMove).send(new GetCallerIdentityCommand({}))).Arn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/task-app/${task.taskId ?? ''}`,
    );
  });
});

describe('what exec builds', () => {
  it('parses one credential source and its options', () => {
    assert.deepEqual(parseExecArgs(['--task-role', 'arn:r', '--cluster=c', '--', 'env']), {
      source: { kind: 'task', roleArn: 'arn:r', cluster: 'c' },
      endpoint: undefined,
      command: ['env'],
    });
    assert.deepEqual(parseExecArgs(['--pod-identity', 'arn:r', '--namespace', 'n', '--service-account', 's', '--region', 'eu-west-1', 'env']), {
      source: { kind: 'pod', roleArn: 'arn:r', namespace: 'n', serviceAccount: 's', region: 'eu-west-1' },
      endpoint: undefined,
      command: ['env'],
    });
    assert.equal(parseExecArgs(['--task-role', 'a', '--instance', 'i-1', '--', 'env']), 'takes one of --instance, --task-role');
    assert.equal(parseExecArgs(['--task-role', 'a', '--namespace', 'n', '--', 'env']), '--namespace does not go with --task-role');
    assert.equal(parseExecArgs(['--instance', 'i-1', '--cluster', 'c', '--', 'env']), '--cluster does not go with --instance');
    assert.equal(parseExecArgs(['--task-role', '--', 'env']), '--task-role needs a value');
  });

  it('leaves the container provider as the only credential source', () => {
    const env = isolatedEnvironment(
      {
        PATH: '/bin',
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SESSION_TOKEN: 't',
        AWS_PROFILE: 'p',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://x',
        AWS_ROLE_ARN: 'r',
      },
      {
        labEndpoint: 'http://127.0.0.1:4566',
        region: 'eu-west-1',
        emptyFile: '/tmp/empty',
        source: containerSource('http://127.0.0.1:4566/_iamlab/eks-pod-identity-agent/v1/credentials', { kind: 'file', value: '/tmp/token' }),
      },
    );
    assert.deepEqual(env, {
      PATH: '/bin',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:4566/_iamlab/eks-pod-identity-agent/v1/credentials',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/tmp/token',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/tmp/empty',
      AWS_CONFIG_FILE: '/tmp/empty',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });
});
