/**
 * The clock as the console shows it: the admin API's fields (virtual and wall now, offset, frozen) and every
 * move as the virtual instants it jumped from and to, which the timeline marks (design.md "Time").
 */
import { formatDuration } from '../../../clock/duration.js';
import type { Clock, ClockChange } from '../../../clock/clock.js';
import type { Json } from '../../../store/port.js';

export function clockView(clock: Clock): Json {
  const state = clock.state();
  const moves: Json[] = [];
  let previous: ClockChange | undefined;
  for (const change of clock.history) {
    moves.push({ kind: change.kind, wallMs: change.wallMs, fromMs: virtualAt(previous, change.wallMs), toMs: virtualAt(change, change.wallMs) });
    previous = change;
  }
  return {
    virtualNowMs: state.virtualNowMs,
    wallNowMs: state.wallNowMs,
    offsetMs: state.offsetMs,
    offset: formatDuration(state.offsetMs),
    frozen: state.frozen,
    moves,
  };
}

/** The virtual instant of `wallMs` under `change` (none: the clocks agree). */
function virtualAt(change: ClockChange | undefined, wallMs: number): number {
  if (change === undefined) return wallMs;
  return change.kind === 'offset' ? wallMs + change.offsetMs : change.frozenAtMs;
}
