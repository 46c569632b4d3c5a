/**
 * `iamlab exec <source> -- CMD…`: runs CMD with exactly one credential source, so the SDKs' and CLI's default
 * chains find it as they would on AWS (exec-environment.ts clears every other one):
 * - `--instance i-…`: as a process on the instance: AWS_EC2_METADATA_SERVICE_ENDPOINT points at the
 *   instance's metadata listener (design.md "IMDS", aws-behaviour.md §4.6); the port comes from
 *   `GET /_iamlab/instances/<id>`;
 * - `--task-role <role-arn>`: as a container of a new ECS task with that task role: a task is created
 *   (`POST /_iamlab/tasks`), AWS_CONTAINER_CREDENTIALS_FULL_URI names its agent and
 *   AWS_CONTAINER_AUTHORIZATION_TOKEN carries its token (aws-behaviour.md §4.7);
 * - `--pod-identity <role-arn>`: as a pod of a new EKS Pod Identity association: the association is created
 *   (`POST /_iamlab/pod-identity-associations`), its service-account token written to a file named by
 *   AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (§4.7).
 * A task or association made for the command is deleted when it exits, as a stopped task's credentials go.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminClient } from '../admin-client.js';
import { AdminRequestError, adminClient, DEFAULT_ENDPOINT } from '../admin-client.js';
import type { ExecArgs } from '../exec-args.js';
import { parseExecArgs } from '../exec-args.js';
import { containerSource, isolatedEnvironment } from '../exec-environment.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const EXEC_HELP = `Usage: iamlab exec --instance <instance-id> [--endpoint <url>] -- <command> [args…]
       iamlab exec --task-role <role-arn> [--cluster <name>] [--region <region>] -- <command> [args…]
       iamlab exec --pod-identity <role-arn> [--cluster <name>] [--namespace <ns>] [--service-account <sa>]
                   [--pod-name <name>] [--region <region>] -- <command> [args…]

Runs <command> with exactly one credential source, found by its AWS SDK or CLI as on AWS:
  --instance <id>          a process on the EC2 instance: AWS_EC2_METADATA_SERVICE_ENDPOINT is its metadata
                           service (see: aws ec2 describe-instances, or GET /_iamlab/instances)
  --task-role <role-arn>   a container of a new ECS task with that task role: AWS_CONTAINER_CREDENTIALS_FULL_URI
                           and AWS_CONTAINER_AUTHORIZATION_TOKEN (the role must trust ecs-tasks.amazonaws.com)
  --pod-identity <role-arn>
                           a pod of a new EKS Pod Identity association: AWS_CONTAINER_CREDENTIALS_FULL_URI and
                           AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (the role must trust pods.eks.amazonaws.com
                           for sts:AssumeRole and sts:TagSession)
  --cluster, --namespace, --service-account, --pod-name, --region
                           the task's or pod's names (defaults: cluster \`default\` for ECS, \`iamlab\` for EKS;
                           namespace and service account \`default\`; region us-east-1)
The task or association is deleted when <command> exits.
  AWS_ENDPOINT_URL, AWS_REGION        the lab, the instance's, task's or pod's region
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE and other credential variables
                                      cleared; AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name empty files
  AWS_EC2_METADATA_DISABLED           unset for an instance, \`true\` for a task or pod
The exit code is the command's.
  --endpoint <url>     the lab (default ${DEFAULT_ENDPOINT}; env IAMLAB_ENDPOINT)
`;

interface InstanceInfo {
  readonly instanceId: string;
  readonly state: string;
  readonly region: string;
  readonly imdsEndpoint: string | null;
}

/** The environment CMD runs in on an instance (pure; `emptyFile` is an existing empty file). */
export function instanceEnvironment(environment: NodeJS.ProcessEnv, info: InstanceInfo, labEndpoint: string, emptyFile: string): NodeJS.ProcessEnv {
  return isolatedEnvironment(environment, {
    labEndpoint,
    region: info.region,
    emptyFile,
    source: { AWS_EC2_METADATA_SERVICE_ENDPOINT: info.imdsEndpoint ?? '' },
  });
}

/** What `POST /_iamlab/tasks` and `POST /_iamlab/pod-identity-associations` answer (containers-route.ts). */
interface ContainerInfo {
  readonly taskId?: string;
  readonly associationId?: string;
  readonly region: string;
  readonly credentialsUri: string;
  readonly authorizationToken: string;
}

interface ExecOptions {
  /** Pipe the command's output through `io` instead of inheriting the terminal (tests). */
  readonly capture?: boolean;
}

/** A directory for the empty config file (and a pod's token file), removed afterwards. */
async function withScratch<T>(fn: (dir: string, emptyFile: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'iamlab-exec-'));
  const emptyFile = join(dir, 'empty');
  writeFileSync(emptyFile, '');
  try {
    return await fn(dir, emptyFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runWith(
  client: AdminClient,
  labEndpoint: string,
  args: ExecArgs,
  environment: NodeJS.ProcessEnv,
  io: Io,
  capture: boolean,
): Promise<ExitCode> {
  const { source } = args;
  switch (source.kind) {
    case 'instance': {
      const info = (await client.get(`instances/${encodeURIComponent(source.instance)}`)) as InstanceInfo;
      if (info.imdsEndpoint === null) {
        io.err(`iamlab exec: instance ${info.instanceId} has no metadata service (it is ${info.state})`);
        return 1;
      }
      if (info.state !== 'running' && info.state !== 'pending') {
        io.err(`iamlab exec: instance ${info.instanceId} is ${info.state}: its metadata service does not answer until it runs`);
      }
      return withScratch((_dir, emptyFile) => run(args.command, instanceEnvironment(environment, info, labEndpoint, emptyFile), io, capture));
    }
    case 'task': {
      const { kind: _kind, ...body } = source;
      const task = (await client.post('tasks', body)) as ContainerInfo;
      try {
        return await withScratch((_dir, emptyFile) => {
          const env = isolatedEnvironment(environment, {
            labEndpoint,
            region: task.region,
            emptyFile,
            source: containerSource(task.credentialsUri, { kind: 'value', value: task.authorizationToken }),
          });
          return run(args.command, env, io, capture);
        });
      } finally {
        await forget(client, `tasks/${task.taskId ?? ''}`);
      }
    }
    case 'pod': {
      const { kind: _kind, ...body } = source;
      const pod = (await client.post('pod-identity-associations', body)) as ContainerInfo;
      try {
        return await withScratch((dir, emptyFile) => {
          // Where EKS mounts it: .../serviceaccount/eks-pod-identity-token (§4.7).
          const tokenFile = join(dir, 'eks-pod-identity-token');
          writeFileSync(tokenFile, pod.authorizationToken, { mode: 0o600 });
          const env = isolatedEnvironment(environment, {
            labEndpoint,
            region: pod.region,
            emptyFile,
            source: containerSource(pod.credentialsUri, { kind: 'file', value: tokenFile }),
          });
          return run(args.command, env, io, capture);
        });
      } finally {
        await forget(client, `pod-identity-associations/${pod.associationId ?? ''}`);
      }
    }
  }
}

/** Deletes what exec made; a lab gone meanwhile has nothing left to delete. */
async function forget(client: AdminClient, path: string): Promise<void> {
  try {
    await client.delete(path);
  } catch {
    // nothing to undo
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
    return await runWith(adminClient(endpoint, environment['IAMLAB_ADMIN_TOKEN']), endpoint, args, environment, io, options.capture === true);
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
  synopsis: 'exec --instance <id> | --task-role <arn> | --pod-identity <arn> -- <command>',
  summary: 'run a command with one credential source: an EC2 instance, an ECS task role or EKS Pod Identity',
  help: EXEC_HELP,
  // Listed so that `iamlab --cluster x exec …` finds the command word (main.ts); exec parses its own arguments.
  options: Object.fromEntries(
    ['instance', 'task-role', 'pod-identity', 'cluster', 'namespace', 'service-account', 'pod-name', 'region'].map((name) => [
      name,
      { type: 'string' },
    ]),
  ),
  runRaw: (argv, environment, io) => execMain(argv, environment, io),
};
