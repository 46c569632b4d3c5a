/**
 * Real clients for end-to-end tests: the AWS CLI and boto3 run as child processes with a clean
 * environment (no profile, no config file), pointed at a lab. When a client is missing the test that needs
 * it is skipped with a loud reason; CI installs both.
 */
import { execFileSync, spawn } from 'node:child_process';

export interface ClientCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function cleanEnv(credentials: ClientCredentials, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
  if (credentials.sessionToken !== undefined) env['AWS_SESSION_TOKEN'] = credentials.sessionToken;
  // pyenv shims need their root to find the interpreter.
  for (const name of ['PYENV_ROOT', 'PYENV_VERSION']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

let awsCliChecked: string | false | undefined;
/** The AWS CLI's version line, or false when there is none on the PATH. */
export function awsCliVersion(): string | false {
  if (awsCliChecked === undefined) {
    try {
      awsCliChecked = execFileSync('aws', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || 'aws';
    } catch {
      awsCliChecked = false;
    }
  }
  return awsCliChecked;
}

export function awsCli(endpoint: string, credentials: ClientCredentials, args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<RunResult> {
  return run('aws', ['--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json', ...args], cleanEnv(credentials, extraEnv));
}

let pythonChecked: string | false | undefined;
/** A python3 that can import boto3, or false. */
export function boto3Python(): string | false {
  if (pythonChecked === undefined) {
    pythonChecked = false;
    for (const candidate of ['python3', '/usr/bin/python3']) {
      try {
        execFileSync(candidate, ['-c', 'import boto3'], { stdio: 'ignore' });
        pythonChecked = candidate;
        break;
      } catch {
        // try the next one
      }
    }
  }
  return pythonChecked;
}

/** Runs a Python snippet with boto3; `ENDPOINT` is defined for it. */
export function boto3(python: string, endpoint: string, credentials: ClientCredentials, script: string): Promise<RunResult> {
  return run(python, ['-c', `ENDPOINT = ${JSON.stringify(endpoint)}\n${script}`], cleanEnv(credentials));
}

export const SKIP_NO_AWS_CLI = 'SKIPPED: no AWS CLI on the PATH (CI installs one: see .ci/run)';
export const SKIP_NO_BOTO3 = 'SKIPPED: no python3 with boto3 (CI installs python3-boto3: see .ci/run)';
