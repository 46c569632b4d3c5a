/**
 * CPU time of a whole process from Linux's scheduler statistics. The first field of
 * `/proc/<pid>/task/<tid>/schedstat` is the time the thread has spent on a CPU, in nanoseconds (kernel
 * documentation, scheduler/sched-stats.rst, "/proc/<pid>/schedstat"). Summing it over every thread counts the
 * main thread, libuv's pool and worker threads alike (iamlab's SQLite event writer is one), which `process.cpuUsage()`
 * inside the server, or a single thread's figure, would not. A thread that exits takes its time with it: the
 * thread ids are kept so a reading can tell when one went missing (`lostThreads`).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuReading {
  /** Sum over the threads, ns on a CPU. */
  readonly ns: number;
  /** Thread id → its ns on a CPU. */
  readonly threads: ReadonlyMap<number, number>;
}

/** The first field of one schedstat line, `<ns on CPU> <ns waiting> <timeslices>`. */
export function parseSchedstat(text: string): number {
  const fields = text.trim().split(/\s+/);
  const first = fields[0] ?? '';
  if (fields.length !== 3 || !/^\d+$/.test(first)) throw new Error(`not a schedstat line: \`${text.trim()}\``);
  return Number(first);
}

/** Sums the threads' lines: entries of thread id and the text of its schedstat file. */
export function sumThreads(entries: Iterable<readonly [number, string]>): CpuReading {
  const threads = new Map<number, number>();
  let ns = 0;
  for (const [tid, text] of entries) {
    const onCpu = parseSchedstat(text);
    threads.set(tid, onCpu);
    ns += onCpu;
  }
  return { ns, threads };
}

/** Thread ids of `before` that `after` no longer has (their time since `before` is missing from `after`). */
export function lostThreads(before: CpuReading, after: CpuReading): number[] {
  return [...before.threads.keys()].filter((tid) => !after.threads.has(tid));
}

/** Reads every thread of `pid`; a thread that ends between the listing and the read is left out. */
export function readProcessCpu(pid: number): CpuReading {
  const entries: [number, string][] = [];
  for (const name of readdirSync(`/proc/${pid}/task`)) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${name}/schedstat`, 'utf8');
    } catch {
      continue;
    }
    entries.push([Number(name), text]);
  }
  return sumThreads(entries);
}
