/**
 * A command of the `iamlab` command line, declared as data (conventions.md, habit 4, applied to the CLI):
 * its name, its line in `iamlab --help`, its own help, the options it takes, and how it runs. `main.ts`
 * reads the table (`commands/index.ts`); adding a command touches its own file and one line of the table.
 */
import type { ParseArgsConfig } from 'node:util';
import type { AdminClient } from './admin-client.js';
import type { ExitCode, Io } from './io.js';

/** Options as `node:util` parseArgs takes them. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface CommandInput {
  /** The parsed options: the command's own and the global ones (`--json`, `--endpoint`). */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** The arguments after the command word. */
  readonly args: readonly string[];
  readonly environment: NodeJS.ProcessEnv;
  readonly io: Io;
  /** The lab: `--endpoint`, else IAMLAB_ENDPOINT, else the default. */
  readonly endpoint: string;
  readonly json: boolean;
  /** A client for the lab's admin API at `endpoint` (with IAMLAB_ADMIN_TOKEN). */
  readonly client: () => AdminClient;
}

interface CommandBase {
  readonly name: string;
  /** How the command appears in `iamlab --help`: its name and arguments (`explain <request-id>`). */
  readonly synopsis: string;
  /** Its one line in `iamlab --help`. */
  readonly summary: string;
  /** `iamlab <command> --help`. */
  readonly help: string;
}

export type Command =
  | (CommandBase & {
      readonly kind: 'parsed';
      /** The command's own options, besides the global ones. */
      readonly options: OptionSpecs;
      run(input: CommandInput): ExitCode | Promise<ExitCode>;
    })
  | (CommandBase & {
      /** Parses its own arguments (exec hands what follows `--` to a program untouched). */
      readonly kind: 'raw';
      /** Options it takes before its arguments, so that the command word can be found after them. */
      readonly options: OptionSpecs;
      runRaw(argv: readonly string[], environment: NodeJS.ProcessEnv, io: Io): Promise<ExitCode>;
    });

/** Reads a whole-number option, or says what it takes. */
export function wholeNumberOption(value: string | boolean | undefined, fallback: number, min: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}
