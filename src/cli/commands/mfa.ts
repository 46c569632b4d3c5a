/** `iamlab mfa code <serial>`: the codes an authenticator app would show for a virtual MFA device of the lab. */
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';
import { wholeNumberOption } from '../command.js';

const MFA_HELP = `Usage: iamlab mfa code <serial-number> [--count <n>] [--fresh] [--json]

Prints the current one-time code of a virtual MFA device the lab created (what an authenticator app
would show now), for --token-code and EnableMFADevice:
  iamlab mfa code arn:aws:iam::123456789012:mfa/alice              one code
  iamlab mfa code arn:aws:iam::123456789012:mfa/alice --count 2    two consecutive codes, for enable-mfa-device
  iamlab mfa code arn:aws:iam::123456789012:mfa/alice --fresh      wait (up to a minute) for a code not yet used

Codes follow the wall clock, in 30-second steps, and AWS accepts each one only once.
  --json               print the codes as JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

interface CodesView {
  readonly serialNumber: string;
  readonly codes: readonly string[];
  /** Milliseconds until a code that has not been used yet is current (0 when the current one is unused). */
  readonly freshInMs: number;
}

async function mfa(
  client: AdminClient,
  args: readonly string[],
  options: { count: number; fresh: boolean; json: boolean },
  io: Io,
): Promise<ExitCode> {
  const [sub, serial, extra] = args;
  if (sub !== 'code' || serial === undefined || extra !== undefined) {
    io.err(`iamlab mfa: expected \`code <serial-number>\`\n\n${MFA_HELP}`);
    return 2;
  }
  const path = `mfa/code?serial=${encodeURIComponent(serial)}&count=${options.count}`;
  let view = (await client.get(path)) as CodesView;
  if (options.fresh && view.freshInMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, view.freshInMs + 50));
    view = (await client.get(path)) as CodesView;
  }
  io.out(options.json ? JSON.stringify(view, null, 2) : view.codes.join(' '));
  return 0;
}

export const mfaCommand: Command = {
  kind: 'parsed',
  name: 'mfa',
  synopsis: 'mfa code <serial>',
  summary: 'the current one-time code of a virtual MFA device the lab created',
  help: MFA_HELP,
  options: { count: { type: 'string' }, fresh: { type: 'boolean' } },
  run: ({ values, args, json, io, client }) => {
    const count = wholeNumberOption(values['count'], 1, 1, 10);
    if (count === undefined) {
      io.err('iamlab mfa code: --count takes a whole number from 1 to 10');
      return 2;
    }
    return mfa(client(), args, { count, fresh: values['fresh'] === true, json }, io);
  },
};
