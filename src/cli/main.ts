/**
 * The `iamlab` command line. Every command but `serve` reaches the running lab through its admin API
 * (`--endpoint`, or IAMLAB_ENDPOINT, default http://127.0.0.1:4566). Returns an exit code; only
 * `bin/iamlab.js` sets it on the process.
 */
import { parseArgs } from 'node:util';
import { VERSION } from '../app/version.js';
import { AdminRequestError, adminClient, DEFAULT_ENDPOINT } from './admin-client.js';
import { ACCOUNTS_HELP, accounts } from './commands/accounts.js';
import { CLOCK_HELP, clock } from './commands/clock.js';
import { ENV_HELP, env as envCommand } from './commands/env.js';
import { EVENTS_HELP, events } from './commands/events.js';
import { EXPLAIN_HELP, explain } from './commands/explain.js';
import { EXEC_HELP, execMain } from './commands/exec.js';
import { INSTANCES_HELP, instances } from './commands/instances.js';
import { MFA_HELP, mfa } from './commands/mfa.js';
import { PRESIGN_HELP, presign } from './commands/presign.js';
import { REVOKE_SESSIONS_HELP, revokeSessionsCommand } from './commands/revoke-sessions.js';
import { SERVE_HELP, serve } from './commands/serve.js';
import { processIo } from './io.js';
import type { ExitCode, Io } from './io.js';

export const MAIN_HELP = `Usage: iamlab <command> [options]

A local AWS identity lab: STS, IAM, EC2, IMDS and S3 with verified SigV4, real IAM policy evaluation and a
virtual clock.

Commands:
  serve                 run the lab (npm start)
  env                   print export lines that point the AWS CLI and SDKs at the lab
  clock                 show or move the virtual clock (advance 90m, set <time>, freeze, resume)
  events                the audit trail: one line per request (--follow, --denied, --principal)
  explain <request-id>  why a request was allowed or denied, in words
  revoke-sessions <role>  deny the role's existing sessions, as the IAM console's button does
  mfa code <serial>     the current one-time code of a virtual MFA device the lab created
  accounts              list or create accounts, for cross-account experiments
  instances [<id>]      the EC2 instances and their metadata-service endpoints
  exec --instance <id> -- <command>
                        run a command as if on an EC2 instance (its metadata service, no other credentials)
  presign s3://<bucket>/<key>
                        a presigned S3 URL for the lab (SigV4; --expires-in, --method GET|PUT, --profile)

Options for every command but serve:
  --endpoint <url>      the lab (default ${DEFAULT_ENDPOINT}; env IAMLAB_ENDPOINT)
  --json                print data as JSON
  -h, --help            help for a command: iamlab <command> --help
  -v, --version         print the version
`;

/** Where the command word is: the first argument that is neither an option nor an option's value. */
function commandIndex(argv: readonly string[]): number {
  const takesValue = new Set(['--endpoint', '--region', '--account', '--profile', '--expires-in', '--method']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return argv.length;
    if (!arg.startsWith('-')) return i;
    if (takesValue.has(arg)) i++;
  }
  return argv.length;
}

const HELP: Readonly<Record<string, string>> = {
  serve: SERVE_HELP,
  env: ENV_HELP,
  clock: CLOCK_HELP,
  events: EVENTS_HELP,
  explain: EXPLAIN_HELP,
  'revoke-sessions': REVOKE_SESSIONS_HELP,
  mfa: MFA_HELP,
  accounts: ACCOUNTS_HELP,
  exec: EXEC_HELP,
  instances: INSTANCES_HELP,
  presign: PRESIGN_HELP,
};

export async function main(argv: readonly string[], environment: NodeJS.ProcessEnv, io: Io = processIo): Promise<ExitCode> {
  // exec passes everything after `--` to the command, so it parses its own arguments; global options such as
  // `--endpoint URL` may come before the word `exec`.
  const execAt = commandIndex(argv);
  if (argv[execAt] === 'exec') return execMain([...argv.slice(0, execAt), ...argv.slice(execAt + 1)], environment, io);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        store: { type: 'string' },
        quiet: { type: 'boolean' },
        denied: { type: 'boolean' },
        follow: { type: 'boolean', short: 'f' },
        principal: { type: 'string' },
        limit: { type: 'string' },
        account: { type: 'string' },
        count: { type: 'string' },
        fresh: { type: 'boolean' },
        profile: { type: 'string' },
        'expires-in': { type: 'string' },
        method: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`iamlab: ${error instanceof Error ? error.message : String(error)}\n\n${MAIN_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version === true) {
    io.out(VERSION);
    return 0;
  }
  if (command === undefined || command === 'help') {
    io.out(MAIN_HELP);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const help = HELP[command];
  if (help === undefined) {
    io.err(`iamlab: unknown command \`${command}\`\n\n${MAIN_HELP}`);
    return 2;
  }
  if (values.help === true) {
    io.out(help);
    return 0;
  }
  if (command === 'serve') {
    return serve({ host: values.host, port: values.port, dataDir: values['data-dir'], store: values.store, quiet: values.quiet }, environment, io);
  }
  const endpoint = values.endpoint ?? environment['IAMLAB_ENDPOINT'] ?? DEFAULT_ENDPOINT;
  if (command === 'presign') {
    // Pure signing: no admin client, no lab needed. Signed on the wall clock (the lab maps it to virtual time).
    const options = { endpoint, region: values.region, profile: values.profile, expiresIn: values['expires-in'], method: values.method, json: values.json === true, nowMs: Date.now() };
    return presign(rest, options, environment, io);
  }
  const client = adminClient(endpoint, environment['IAMLAB_ADMIN_TOKEN']);
  const json = values.json === true;
  try {
    switch (command) {
      case 'env':
        return await envCommand(client, endpoint, values.region ?? environment['AWS_REGION'] ?? 'us-east-1', values.account, json, io);
      case 'clock':
        return await clock(client, rest, json, io);
      case 'events': {
        const limit = Number(values.limit ?? '50');
        if (!Number.isInteger(limit) || limit < 1) {
          io.err('iamlab events: --limit takes a whole number of 1 or more');
          return 2;
        }
        return await events(client, { denied: values.denied === true, principal: values.principal, limit, follow: values.follow === true, json }, io);
      }
      case 'explain':
        return await explain(client, rest[0], json, io);
      case 'revoke-sessions':
        return await revokeSessionsCommand(client, rest[0], json, io);
      case 'mfa': {
        const count = Number(values.count ?? '1');
        if (!Number.isInteger(count) || count < 1 || count > 10) {
          io.err('iamlab mfa code: --count takes a whole number from 1 to 10');
          return 2;
        }
        return await mfa(client, rest, { count, fresh: values.fresh === true, json }, io);
      }
      case 'accounts':
        return await accounts(client, rest, json, io);
      case 'instances':
        return await instances(client, rest[0], json, io);
      default:
        io.err(`iamlab: unknown command \`${command}\``);
        return 2;
    }
  } catch (error) {
    if (error instanceof AdminRequestError) {
      io.err(`iamlab ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
