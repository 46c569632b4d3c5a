/** `iamlab serve`: runs the lab until interrupted. */
import { resolveConfig } from '../../app/config.js';
import type { LabConfig } from '../../app/config.js';
import { assertNever } from '../../lib/assert-never.js';
import { startLab } from '../../app/lab.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const SERVE_HELP = `Usage: iamlab serve [options]

Serves STS, IAM, EC2 (with a metadata service per instance), S3 and CloudTrail's LookupEvents (over the
lab's audit trail) on one endpoint, with verified SigV4, real IAM policy evaluation and a virtual clock.

Options:
  --host <address>     address to listen on (default 127.0.0.1; env IAMLAB_HOST)
  --port <number>      port (default 4566; env IAMLAB_PORT)
  --data-dir <path>    where the embedded SQLite store lives (default ./.iamlab; env IAMLAB_DATA_DIR)
  --store <url>        a postgres:// URL to use PostgreSQL instead, or \`memory\` to keep nothing on disk
                       (env IAMLAB_STORE)
  --quiet              print nothing but errors
  --accept-any-key <account>
                       accept requests signed with an access key the lab does not know as the root of
                       <account> (12 digits; created if missing), WITHOUT checking their signature: a way
                       in for suites written for LocalStack (000000000000) or moto (123456789012). Not
                       AWS behaviour; keys the lab issued keep every check (env IAMLAB_ACCEPT_ANY_KEY)
  -h, --help           show this help
`;

interface ServeFlags {
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly store?: string | undefined;
  readonly quiet?: boolean | undefined;
  readonly acceptAnyKey?: string | undefined;
}

/** What the start-up line says of the store. */
function storeLine(config: LabConfig): string {
  const { store } = config;
  switch (store.kind) {
    case 'sqlite':
      return `data in ${store.dataDir}`;
    case 'postgres':
      // Other nodes may share it (design.md "One lab on many nodes"): the name this one goes by there.
      return `PostgreSQL store, node ${config.node}`;
    case 'memory':
      return 'in-memory store (nothing kept after it stops)';
    default:
      return assertNever(store);
  }
}

async function serve(flags: ServeFlags, env: NodeJS.ProcessEnv, io: Io): Promise<ExitCode> {
  const resolved = resolveConfig(flags, env, process.cwd());
  if (resolved.kind !== 'ok') {
    io.err(`iamlab: ${resolved.message}`);
    return 2;
  }
  const { config } = resolved;
  const logger = {
    info: (message: string): void => {
      if (!config.quiet) io.out(message);
    },
    error: (message: string, error?: unknown): void => io.err(error === undefined ? message : `${message}: ${describe(error)}`),
  };
  let lab;
  try {
    lab = await startLab({ config, logger });
  } catch (error) {
    io.err(`iamlab: could not start: ${describe(error)}`);
    return 1;
  }
  // Loud whatever --quiet says: the lab no longer answers unknown keys as AWS does (design.md "Accepting any key").
  if (config.acceptAnyKey !== undefined) io.err(anyKeyWarning(config.acceptAnyKey, lab.endpoint, config.host));
  const envCommand = lab.endpoint === 'http://127.0.0.1:4566' ? 'npx iamlab env' : `npx iamlab env --endpoint ${lab.endpoint}`;
  logger.info(
    [
      `iamlab ${lab.endpoint} — account ${lab.accountId}, ${storeLine(config)}`,
      '',
      'Use it from another terminal, as the account root:',
      `  eval "$(${envCommand})"`,
      `  aws --endpoint-url ${lab.endpoint} sts get-caller-identity`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await lab.close();
  return 0;
}

function anyKeyWarning(account: string, endpoint: string, host: string): string {
  const exposed = host === '127.0.0.1' || host === 'localhost' || host === '::1' ? '' : `; anyone who can reach ${endpoint} is that root`;
  return (
    `iamlab: WARNING --accept-any-key ${account}: requests signed with an access key the lab does not know are accepted as the root ` +
    `of ${account} WITHOUT checking their signature (AWS refuses them: InvalidClientTokenId)${exposed}`
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `${error.message} (is another lab running?)` : error.message;
  }
  return String(error);
}

export const serveCommand: Command = {
  kind: 'parsed',
  name: 'serve',
  synopsis: 'serve',
  summary: 'run the lab (npm start)',
  help: SERVE_HELP,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    store: { type: 'string' },
    quiet: { type: 'boolean' },
    'accept-any-key': { type: 'string' },
  },
  run: ({ values, environment, io }) =>
    serve(
      {
        host: str(values['host']),
        port: str(values['port']),
        dataDir: str(values['data-dir']),
        store: str(values['store']),
        quiet: values['quiet'] === true,
        acceptAnyKey: str(values['accept-any-key']),
      },
      environment,
      io,
    ),
};

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
