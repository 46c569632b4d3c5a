/**
 * `iamlab exec --instance i-… -- CMD…`: runs CMD as if on the instance (design.md "IMDS"): the SDKs' and
 * CLI's default credential chains find only the instance's metadata service, exactly as on EC2.
 * - AWS_EC2_METADATA_SERVICE_ENDPOINT points at the instance's listener (aws-behaviour.md §4.6);
 * - every other credential source is cleared: keys, session token, profile, container and web-identity
 *   variables; AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name empty files; AWS_EC2_METADATA_DISABLED
 *   is unset (any value disables IMDS in some JS SDK versions);
 * - AWS_ENDPOINT_URL stays pointed at the lab and the region is the instance's, so the CMD's AWS calls reach
 *   iamlab and not AWS.
 * The listener's port comes from the admin API (`GET /_iamlab/instances/<id>`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminClient } from '../admin-client.js';
import { AdminRequestError, adminClient, DEFAULT_ENDPOINT } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const EXEC_HELP = `Usage: iamlab exec --instance <instance-id> [--endpoint <url>] -- <command> [args…]

Runs <command> as a process on the instance: its AWS SDK or CLI finds the instance's role credentials
through the instance's metadata service (IMDS), as on EC2.
  AWS_EC2_METADATA_SERVICE_ENDPOINT   set to the instance's IMDS listener
  AWS_ENDPOINT_URL, AWS_REGION        the lab, the instance's region
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE and other credential variables
                                      cleared; AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name empty files
  AWS_EC2_METADATA_DISABLED           unset
The exit code is the command's.
  --instance <id>      the instance (see: aws ec2 describe-instances, or GET /_iamlab/instances)
  --endpoint <url>     the lab (default ${DEFAULT_ENDPOINT}; env IAMLAB_ENDPOINT)
`;

/** Variables that would make a default credential chain pick something other than IMDS. */
const CLEARED_VARIABLES: readonly string[] = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
];

interface ExecArgs {
  readonly instance: string;
  readonly endpoint: string | undefined;
  readonly command: readonly string[];
}

/** `--instance i-…` / `--instance=i-…`, `--endpoint`, then `--` and the command. */
export function parseExecArgs(args: readonly string[]): ExecArgs | string {
  let instance: string | undefined;
  let endpoint: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      i++;
      break;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--instance' || name === '--endpoint') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return `${name} needs a value`;
      if (name === '--instance') instance = value;
      else endpoint = value;
      continue;
    }
    // The command may also follow the options without `--`.
    break;
  }
  const command = args.slice(i);
  if (instance === undefined) return 'needs --instance <instance-id>';
  if (command.length === 0) return 'needs a command after `--`';
  return { instance, endpoint, command };
}

interface InstanceInfo {
  readonly instanceId: string;
  readonly state: string;
  readonly region: string;
  readonly imdsEndpoint: string | null;
}

/** The environment CMD runs in (pure; `emptyFile` is an existing empty file). */
export function instanceEnvironment(environment: NodeJS.ProcessEnv, info: InstanceInfo, labEndpoint: string, emptyFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...environment };
  for (const name of CLEARED_VARIABLES) delete env[name];
  env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = info.imdsEndpoint ?? '';
  env['AWS_SHARED_CREDENTIALS_FILE'] = emptyFile;
  env['AWS_CONFIG_FILE'] = emptyFile;
  env['AWS_ENDPOINT_URL'] = labEndpoint;
  env['AWS_REGION'] = info.region;
  env['AWS_DEFAULT_REGION'] = info.region;
  return env;
}

interface ExecOptions {
  /** Pipe the command's output through `io` instead of inheriting the terminal (tests). */
  readonly capture?: boolean;
}

async function runOnInstance(
  client: AdminClient,
  labEndpoint: string,
  args: ExecArgs,
  environment: NodeJS.ProcessEnv,
  io: Io,
  options: ExecOptions = {},
): Promise<ExitCode> {
  const info = (await client.get(`instances/${encodeURIComponent(args.instance)}`)) as InstanceInfo;
  if (info.imdsEndpoint === null) {
    io.err(`iamlab exec: instance ${info.instanceId} has no metadata service (it is ${info.state})`);
    return 1;
  }
  if (info.state !== 'running' && info.state !== 'pending') {
    io.err(`iamlab exec: instance ${info.instanceId} is ${info.state}: its metadata service does not answer until it runs`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'iamlab-exec-'));
  const emptyFile = join(dir, 'empty');
  writeFileSync(emptyFile, '');
  try {
    return await run(args.command, instanceEnvironment(environment, info, labEndpoint, emptyFile), io, options.capture === true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The whole command from its arguments (after `exec`), for `cli/main.ts`. */
export async function execMain(argv: readonly string[], environment: NodeJS.ProcessEnv, io: Io, options: ExecOptions = {}): Promise<ExitCode> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const dashes = argv.indexOf('--');
    const helpAt = Math.max(argv.indexOf('--help'), argv.indexOf('-h'));
    if (dashes === -1 || helpAt < dashes) {
      io.out(EXEC_HELP);
      return 0;
    }
  }
  const args = parseExecArgs(argv);
  if (typeof args === 'string') {
    io.err(`iamlab exec: ${args}\n\n${EXEC_HELP}`);
    return 2;
  }
  const endpoint = args.endpoint ?? environment['IAMLAB_ENDPOINT'] ?? DEFAULT_ENDPOINT;
  try {
    return await runOnInstance(adminClient(endpoint, environment['IAMLAB_ADMIN_TOKEN']), endpoint, args, environment, io, options);
  } catch (error) {
    if (error instanceof AdminRequestError) {
      io.err(`iamlab exec: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function run(command: readonly string[], env: NodeJS.ProcessEnv, io: Io, capture: boolean): Promise<ExitCode> {
  const [file = '', ...rest] = command;
  return new Promise((resolve) => {
    const child = spawn(file, rest, { env, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (capture) {
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
      child.on('close', () => {
        if (out !== '') io.out(out);
        if (err !== '') io.err(err);
      });
    }
    child.on('error', (error) => {
      io.err(`iamlab exec: cannot run \`${file}\`: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128 + signalNumber(signal))));
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

export const execCommand: Command = {
  kind: 'raw',
  name: 'exec',
  synopsis: 'exec --instance <id> -- <command>',
  summary: 'run a command as if on an EC2 instance (its metadata service, no other credentials)',
  help: EXEC_HELP,
  options: { instance: { type: 'string' } },
  runRaw: (argv, environment, io) => execMain(argv, environment, io),
};
