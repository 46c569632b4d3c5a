/**
 * Real clients find web identity credentials through their default chains (aws-federation.md §2.9) under
 * `iamlab exec --web-identity` (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME): the AWS CLI,
 * boto3 and the JS SDK each call GetCallerIdentity and see the role session; a token whose `sub` the trust
 * policy does not allow is refused with AWS's AccessDenied, whichever client asks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { execMain } from '../../src/cli/commands/exec.js';
import { parseExecArgs } from '../../src/cli/exec-args.js';
import { awsCliVersion, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { awsCliWhoAmI, boto3WhoAmI, nodeWhoAmI } from '../support/who-am-i.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const HOST = 'token.actions.githubusercontent.com';
const MAIN = 'repo:octo-org/octo-repo:ref:refs/heads/main';
const PULL_REQUEST = 'repo:octo-org/octo-repo:pull_request';
const DENIED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

let lab: TestLab;
let role: string;
/** Each client runs with a HOME of its own: the AWS CLI caches web identity credentials there by role and session name. */
let home: string;

before(async () => {
  lab = await startTestLab();
  home = mkdtempSync(join(tmpdir(), 'iamlab-web-identity-home-'));
  const iam = new IAMClient({
    endpoint: lab.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey },
    maxAttempts: 1,
  });
  const provider = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${HOST}`, ClientIDList: ['sts.amazonaws.com'] }));
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: 'deploy',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: provider.OpenIDConnectProviderArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: MAIN } },
          },
        ],
      }),
    }),
  );
  role = created.Role?.Arn as string;
  iam.destroy();
});

after(async () => {
  await lab?.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** A child's environment polluted with every other credential source exec must clear. */
function polluted(client: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: join(home, client),
    AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1',
    AWS_SECRET_ACCESS_KEY: 'wrong',
    AWS_PROFILE: 'nope',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/nope',
    AWS_PAGER: '',
  };
}

async function exec(sub: string, client: string, command: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
  const args = ['--web-identity', role, '--issuer', 'github', '--sub', sub, '--endpoint', lab.endpoint, '--', ...command];
  const code = await execMain(args, polluted(client), io, { capture: true });
  return { code, out: out.join(''), err: err.join('') };
}

const AWS_CLI = (): string[] => awsCliWhoAmI(lab.endpoint);
const BOTO3 = boto3WhoAmI;
const NODE = nodeWhoAmI;

const arnOf = (out: string): string => (JSON.parse(out) as { Arn: string }).Arn;
const SESSION = `arn:aws:sts::${'123456789012'}:assumed-role/deploy/GitHubActions`;

describe('iamlab exec --web-identity', () => {
  it('the AWS CLI exchanges the token for the role, session GitHubActions', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const { code, out, err } = await exec(MAIN, 'cli-main', AWS_CLI());
    assert.equal(code, 0, err);
    assert.equal(arnOf(out), SESSION);
  });

  it('boto3 finds it through botocore’s web identity provider', async (t) => {
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const { code, out, err } = await exec(MAIN, 'boto3-main', BOTO3(python));
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(out), { Arn: SESSION, method: 'assume-role-with-web-identity' });
  });

  it('the JS SDK’s default chain finds it', async () => {
    const { code, out, err } = await exec(MAIN, 'node-main', NODE());
    assert.equal(code, 0, err);
    assert.equal(arnOf(out), SESSION);
  });

  it('a pull request’s token is refused with AWS’s AccessDenied, for every client', async (t) => {
    const node = await exec(PULL_REQUEST, 'node-pr', NODE());
    assert.equal(node.code, 3);
    assert.match(node.err, new RegExp(`AccessDenied: ${DENIED}$`));
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const cli = await exec(PULL_REQUEST, 'cli-pr', AWS_CLI());
    assert.notEqual(cli.code, 0);
    assert.match(cli.err, new RegExp(`An error occurred \\(AccessDenied\\) when calling the AssumeRoleWithWebIdentity operation: ${DENIED}`));
  });

  it('parses its options, and takes only one credential source', () => {
    assert.deepEqual(parseExecArgs(['--web-identity', role, '--issuer', 'eks', '--sub', 'system:serviceaccount:a:b', '--', 'true']), {
      source: { kind: 'web', roleArn: role, issuer: 'eks', sub: 'system:serviceaccount:a:b' },
      endpoint: undefined,
      command: ['true'],
    });
    assert.equal(parseExecArgs(['--web-identity', role, '--task-role', role, '--', 'true']), 'takes one of --task-role, --web-identity');
    assert.equal(parseExecArgs(['--web-identity', role, '--namespace', 'x', '--', 'true']), '--namespace does not go with --web-identity');
    assert.equal(parseExecArgs(['--instance', 'i-1', '--sub', 'x', '--', 'true']), '--sub does not go with --instance');
  });
});
