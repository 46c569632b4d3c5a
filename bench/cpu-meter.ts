/**
 * Server CPU over a piece of work: the process is first left to go quiet (what earlier requests left behind —
 * the audit trail's batch written 50 ms later, the event writer's thread, sessions trimmed — lands before the
 * first reading), then the work runs, then the process is again left to go quiet, so the work's own trailing
 * writes are in the second reading. An idle lab spends nothing measurable (0 µs per 100 ms, all threads).
 */
import { lostThreads, readProcessCpu } from './schedstat.js';
import type { CpuReading } from './schedstat.js';

const SAMPLE_MS = 100;
/** Quiet: this many samples in a row, each under QUIET_NS (0.2% of a core). */
const QUIET_SAMPLES = 5;
const QUIET_NS = 200_000;
const SETTLE_DEADLINE_MS = 60_000;

interface Settled {
  readonly reading: CpuReading;
  /** False when the process was still busy at the deadline (the figure is then marked). */
  readonly quiet: boolean;
}

/** Waits until `pid` has spent almost nothing for QUIET_SAMPLES × SAMPLE_MS; its reading then. */
export async function settle(pid: number): Promise<Settled> {
  const deadline = performance.now() + SETTLE_DEADLINE_MS;
  let previous = readProcessCpu(pid);
  let quietSamples = 0;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const reading = readProcessCpu(pid);
    quietSamples = reading.ns - previous.ns < QUIET_NS ? quietSamples + 1 : 0;
    previous = reading;
    if (quietSamples >= QUIET_SAMPLES) return { reading, quiet: true };
  }
  return { reading: previous, quiet: false };
}

interface CpuSpent<T> {
  readonly value: T;
  /** ns on a CPU, all threads, from quiet before the work to quiet after it. */
  readonly ns: number;
  /** Something that makes the figure doubtful: a thread gone (its time lost), a process that never went quiet. */
  readonly problems: readonly string[];
}

export async function cpuOver<T>(pid: number, work: () => Promise<T>): Promise<CpuSpent<T>> {
  const before = await settle(pid);
  const value = await work();
  const after = await settle(pid);
  const problems: string[] = [];
  if (!before.quiet || !after.quiet) problems.push(`pid ${pid} did not go quiet within ${SETTLE_DEADLINE_MS / 1000} s`);
  const lost = lostThreads(before.reading, after.reading);
  if (lost.length > 0) problems.push(`threads ${lost.join(', ')} of pid ${pid} ended during the measurement (their CPU is missing)`);
  return { value, ns: after.reading.ns - before.reading.ns, problems };
}
