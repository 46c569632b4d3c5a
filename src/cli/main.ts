/**
 * The `iamlab` command line, read from the command table (commands/index.ts). Every command but `serve` and
 * `presign` reaches the running lab through its admin API (`--endpoint`, or IAMLAB_ENDPOINT, default
 * http://127.0.0.1:4566). Returns an exit code; only `bin/iamlab.js` sets it on the process.
 */
import { parseArgs } from 'node:util';
import { VERSION } from '../app/version.js';
import { AdminRequestError, adminClient, DEFAULT_ENDPOINT } from './admin-client.js';
import type { Command, OptionSpecs } from './command.js';
import { COMMANDS } from './commands/index.js';
import { processIo } from './io.js';
import type { ExitCode, Io } from './io.js';

/** Options every command takes, before or after its name. */
const GLOBAL_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
};

const SYNOPSIS_WIDTH = 22;

const NEGATIVE = /^-\d/;
/** Marks an argument that looks like an option but is a negative number, while parseArgs reads the line. */
const SHIELD = '\u0000';

function commandLines(): string {
  return COMMANDS.map((command) => {
    const name = `  ${command.synopsis}`;
    return name.length <= SYNOPSIS_WIDTH
      ? `${name.padEnd(SYNOPSIS_WIDTH)}  ${command.summary}`
      : `${name}\n${' '.repeat(SYNOPSIS_WIDTH + 2)}${command.summary}`;
  }).join('\n');
}

export const MAIN_HELP = `Usage: iamlab <command> [options]

A local AWS identity lab: STS, IAM, EC2, IMDS and S3 with verified SigV4, real IAM policy evaluation and a
virtual clock.

Commands:
${commandLines()}

Options for every command but serve:
  --endpoint <url>      the lab (default ${DEFAULT_ENDPOINT}; env IAMLAB_ENDPOINT)
  --json                print data as JSON
  -h, --help            help for a command: iamlab <command> --help
  -v, --version         print the version
`;

const BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((command) => [command.name, command]));

/** Every option that takes a value, in any command, as it is written (`--port`, `-x`). */
const TAKES_VALUE: ReadonlySet<string> = new Set(
  [GLOBAL_OPTIONS, ...COMMANDS.map((command) => command.options)].flatMap((options) =>
    Object.entries(options).flatMap(([name, spec]) =>
      spec.type === 'string' ? [`--${name}`, ...(spec.short === undefined ? [] : [`-${spec.short}`])] : [],
    ),
  ),
);

/** Where the command word is: the first argument that is neither an option nor an option's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return argv.length;
    if (!arg.startsWith('-')) return i;
    if (TAKES_VALUE.has(arg)) i++;
  }
  return argv.length;
}

export async function main(argv: readonly string[], environment: NodeJS.ProcessEnv, io: Io = processIo): Promise<ExitCode> {
  const at = commandIndex(argv);
  const word = argv[at];
  const command = word === undefined ? undefined : BY_NAME.get(word);
  // exec hands everything after `--` to a program, so it parses its own arguments; options such as
  // `--endpoint URL` may come before the word `exec`.
  if (command?.kind === 'raw') return command.runRaw([...argv.slice(0, at), ...argv.slice(at + 1)], environment, io);
  const withoutWord = word === undefined ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1)];
  let parsed;
  try {
    // A negative number is an argument, not a cluster of short options (`clock advance -5m` is then refused
    // with the command's own words rather than the parser's).
    const args = withoutWord.map((arg) => (NEGATIVE.test(arg) ? `${SHIELD}${arg}` : arg));
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) } });
    parsed = { ...parsed, positionals: parsed.positionals.map((arg) => (arg.startsWith(SHIELD) ? arg.slice(SHIELD.length) : arg)) };
  } catch (error) {
    const prefix = command === undefined ? 'iamlab' : `iamlab ${command.name}`;
    io.err(`${prefix}: ${optionProblem(error)}\n\n${command?.help ?? MAIN_HELP}`);
    return 2;
  }
  const { positionals } = parsed;
  // Every option of the table is a string or a boolean (none is `multiple`).
  const values = parsed.values as Readonly<Record<string, string | boolean | undefined>>;
  if (values['version'] === true) {
    io.out(VERSION);
    return 0;
  }
  if (word === undefined || word === 'help') {
    io.out(MAIN_HELP);
    return word === undefined && values['help'] !== true ? 2 : 0;
  }
  if (command === undefined) {
    io.err(`iamlab: unknown command \`${word}\`\n\n${MAIN_HELP}`);
    return 2;
  }
  if (values['help'] === true) {
    io.out(command.help);
    return 0;
  }
  const endpoint = withScheme(typeof values['endpoint'] === 'string' ? values['endpoint'] : (environment['IAMLAB_ENDPOINT'] ?? DEFAULT_ENDPOINT));
  try {
    return await command.run({
      values,
      args: positionals,
      environment,
      io,
      endpoint,
      json: values['json'] === true,
      client: () => adminClient(endpoint, environment['IAMLAB_ADMIN_TOKEN']),
    });
  } catch (error) {
    if (error instanceof AdminRequestError) {
      io.err(`iamlab ${command.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** What node:util's parseArgs refused, in the CLI's words rather than the parser's. */
function optionProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (option === undefined) return message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option \`${option}\``;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.includes('argument missing') ? `\`${option}\` needs a value` : `\`${option}\` takes no value`;
  }
  return message;
}

/** `127.0.0.1:4577` is what people type for a local endpoint: it means http, as the AWS CLI's own `host:port` does not. */
function withScheme(endpoint: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
}
