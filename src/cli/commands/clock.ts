/** `iamlab clock [show|advance <duration>|set <time>|freeze|resume]`: reads or moves the virtual clock. */
import { parseDuration } from '../../clock/duration.js';
import { parseInstant } from '../../clock/instant.js';
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const CLOCK_HELP = `Usage: iamlab clock [show | advance <duration> | set <time> | freeze | resume] [--json]

Reads or moves the lab's virtual clock. It only moves forward (a reset is the only way back: iamlab reset),
and not past year 9999. Lab time is what sessions, policies (aws:CurrentTime, DateLessThan…) and the audit trail
see; clients keep the wall clock, and the lab writes times on the wire in theirs.
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
    case 'advance': {
      const ms = value === undefined ? undefined : parseDuration(value);
      if (ms === undefined) {
        io.err(`iamlab clock advance: ${durationProblem(value)}`);
        return 2;
      }
      view = (await client.post('clock', { action: 'advance', by: `${ms}ms` })) as ClockView;
      break;
    }
    case 'set': {
      if (value === undefined) {
        io.err('iamlab clock set: needs a time, such as 2030-01-01 or 2030-01-01T09:30:00Z');
        return 2;
      }
      const parsed = parseInstant(value);
      if (parsed.kind !== 'ok') {
        io.err(`iamlab clock set: ${parsed.reason}`);
        return 2;
      }
      view = (await client.post('clock', { action: 'set', to: new Date(parsed.ms).toISOString() })) as ClockView;
      break;
    }
    case 'freeze':
    case 'resume':
      if (value !== undefined) {
        io.err(`iamlab clock ${sub}: unexpected argument \`${value}\` (it takes none)`);
        return 2;
      }
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

/** Why a text is not a duration the clock can move by, in the CLI's words. */
function durationProblem(value: string | undefined): string {
  if (value === undefined) return 'needs a duration, such as 90m, 6h or 1h30m';
  if (value.trim().startsWith('-')) return `\`${value}\` goes back in time: the clock only moves forward (iamlab reset starts again from wall time)`;
  return `\`${value}\` is not a duration: write a number with a unit, such as 90m, 6h, 2d or 1h30m (units ms, s, m, h, d, w)`;
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
