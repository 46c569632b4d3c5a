/**
 * The lab's virtual clock as a test suite moves it: the same moves and rules as `iamlab clock` (forward only,
 * kept in the store, design.md "Time"). Durations are written as `iamlab clock advance` takes them
 * (`90m`, `2h`, `1h30m`, `2d`) or given in milliseconds; instants as a `Date`, epoch milliseconds, or the ISO
 * text `iamlab clock set` takes.
 */
import { parseDuration } from '../clock/duration.js';
import { parseInstant } from '../clock/instant.js';
import type { AdminDeps, ClockCommand } from '../server/admin/admin-deps.js';

export type Duration = string | number;
export type Instant = Date | string | number;

export interface LabClock {
  /** The virtual now. */
  now(): Date;
  /** Moves virtual time forward; resolves to the new virtual now. */
  advance(by: Duration): Promise<Date>;
  /** Moves virtual time forward to `to` (never back). */
  set(to: Instant): Promise<Date>;
  /** Stops virtual time where it is. */
  freeze(): Promise<Date>;
  /** Lets virtual time run again from where it stands. */
  resume(): Promise<Date>;
}

function durationMs(by: Duration): number {
  const ms = typeof by === 'number' ? by : parseDuration(by);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`\`${String(by)}\` is not a duration: write it as 90m, 2h, 1h30m or 2d, or give milliseconds`);
  }
  return ms;
}

export function instantMs(to: Instant): number {
  if (to instanceof Date) return to.getTime();
  if (typeof to === 'number') return to;
  const parsed = parseInstant(to);
  if (parsed.kind === 'error') throw new RangeError(parsed.reason);
  return parsed.ms;
}

export function labClock(admin: AdminDeps): LabClock {
  const move = async (command: ClockCommand): Promise<Date> => {
    const result = await admin.moveClock(command);
    if (result.kind === 'error') throw new RangeError(result.reason);
    return new Date(result.state.virtualNowMs);
  };
  return {
    now: () => new Date(admin.clockState().virtualNowMs),
    // async: a duration or instant that does not read rejects the promise, like a refused move.
    advance: async (by) => move({ action: 'advance', byMs: durationMs(by) }),
    set: async (to) => move({ action: 'set', toMs: instantMs(to) }),
    freeze: () => move({ action: 'freeze' }),
    resume: () => move({ action: 'resume' }),
  };
}
