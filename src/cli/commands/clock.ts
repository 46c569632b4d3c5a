/** `iamlab clock [show|advance <duration>|set <time>|freeze|resume]`: reads or moves the virtual clock. */
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const CLOCK_HELP = `Usage: iamlab clock [show | advance <duration> | set <time> | freeze | resume] [--json]

Reads or moves the lab's virtual clock. It only moves forward.
  iamlab clock                   show virtual time, wall time and the offset
  iamlab clock advance 90m       move forward (units: s, m, h, d, w; e.g. 1h30m)
  iamlab clock set 2030-01-01T00:00:00Z
  iamlab clock freeze            stop virtual time
  iamlab clock resume            let it run again

Options:
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
  --json               print the clock as JSON
`;

interface ClockView {
  readonly virtualNow: string;
  readonly wallNow: string;
  readonly offset: string;
  readonly offsetMs: number;
  readonly frozen: boolean;
}

async function clock(client: AdminClient, args: readonly string[], json: boolean, io: Io): Promise<ExitCode> {
  const [sub = 'show', value, extra] = args;
  if (extra !== undefined) {
    io.err(`iamlab clock: unexpected argument \`${extra}\`\n\n${CLOCK_HELP}`);
    return 2;
  }
  let view: ClockView;
  switch (sub) {
    case 'show':
      view = (await client.get('clock')) as ClockView;
      break;
    case 'advance':
    case 'set':
      if (value === undefined) {
        io.err(`iamlab clock ${sub}: needs a ${sub === 'advance' ? 'duration, such as `90m`' : 'time, such as `2030-01-01T00:00:00Z`'}`);
        return 2;
      }
      view = (await client.post('clock', sub === 'advance' ? { action: sub, by: value } : { action: sub, to: value })) as ClockView;
      break;
    case 'freeze':
    case 'resume':
      view = (await client.post('clock', { action: sub })) as ClockView;
      break;
    default:
      io.err(`iamlab clock: unknown subcommand \`${sub}\`\n\n${CLOCK_HELP}`);
      return 2;
  }
  if (json) {
    io.out(JSON.stringify({ virtualNow: view.virtualNow, wallNow: view.wallNow, offsetMs: view.offsetMs, frozen: view.frozen }, null, 2));
    return 0;
  }
  io.out(
    [
      `virtual time  ${view.virtualNow}${view.frozen ? '  (frozen)' : ''}`,
      `wall time     ${view.wallNow}`,
      `offset        ${view.offsetMs >= 0 ? '+' : ''}${view.offset}`,
    ].join('\n'),
  );
  return 0;
}

export const clockCommand: Command = {
  kind: 'parsed',
  name: 'clock',
  synopsis: 'clock',
  summary: 'show or move the virtual clock (advance 90m, set <time>, freeze, resume)',
  help: CLOCK_HELP,
  options: {},
  run: ({ args, json, io, client }) => clock(client(), args, json, io),
};
