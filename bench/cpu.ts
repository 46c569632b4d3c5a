/**
 * `node dist/bench/run.js cpu` (issue 21): the server's CPU time per request on each hot path, next to a bare
 * node:http server's in the same run. Throughput on a shared two-core machine swings by 2× between runs; the
 * CPU a server process spends per request varies far less. It is read from /proc (bench/schedstat.ts: all
 * threads, the SQLite event writer and libuv's pool included), from the moment the server has gone quiet after a
 * warm-up to the moment it has gone quiet after a fixed number of requests (bench/cpu-meter.ts), so the audit
 * trail written after the last answer counts and nothing else does. The load generator (autocannon, 16
 * connections) runs in this process, outside the one measured. Rounds: for each path, the bare server then the
 * lab, BENCH_CPU_ROUNDS times (rounds outer, paths inner, so each path's rounds are spread over the run); the
 * median is reported with every round's figure.
 *
 * Environment: BENCH_CPU_ROUNDS (3), BENCH_CPU_REQUESTS (20,000 counted per run), BENCH_CPU_WARMUP (2,000; five
 * times that in the first round), BENCH_CPU_MFA_REQUESTS (2,000, a tenth as the lab's warm-up: each needs a fresh
 * MFA code, bench/mfa-codes.ts), BENCH_CPU_PATHS (names to match, e.g. `mfa,presigned`; all paths when unset),
 * BENCH_LAB_NODE_ARGS (Node's flags for the lab's process: `--cpu-prof --cpu-prof-dir=DIR` profiles it under this load).
 * IMDS counts credential fetches of three requests each: a quarter of BENCH_CPU_REQUESTS.
 */
import { cpuOver, settle } from './cpu-meter.js';
import { cpuPaths } from './cpu-paths.js';
import type { CpuPath, Side } from './cpu-paths.js';
import { median } from './median.js';
import { BENCH_KEYS, firstAnswer, freePort, rssMb, spawnBareServer, startLabProcess, waitForHealth } from './servers.js';
import type { Child } from './servers.js';
import { signedQueryRequest } from './signing.js';
import { pathFilter } from './path-filter.js';

const ROUNDS = Number(process.env['BENCH_CPU_ROUNDS'] ?? 3);
const REQUESTS = Number(process.env['BENCH_CPU_REQUESTS'] ?? 20_000);
const WARMUP = Number(process.env['BENCH_CPU_WARMUP'] ?? 2_000);
const MFA_REQUESTS = Number(process.env['BENCH_CPU_MFA_REQUESTS'] ?? 2_000);
/** Only the paths whose names contain one of BENCH_CPU_PATHS's parts; all when unset. */
const CHOSEN = pathFilter('BENCH_CPU_PATHS');
const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';

interface SideRound {
  /** Server CPU per unit, µs. */
  readonly us: number;
  /** Units per second over the counted run. */
  readonly perSecond: number;
  /** Requests (or fetches) of the warm-up and the counted run that were not answered 2xx. */
  readonly failed: number;
  readonly problems: readonly string[];
}

interface PathFigures {
  readonly path: CpuPath;
  readonly lab: SideRound[];
  readonly bare: SideRound[];
}

interface StartFigures {
  readonly labMs: number[];
  readonly bareMs: number[];
  readonly labRssMb: number[];
  readonly bareRssMb: number[];
}

interface CpuFigures {
  readonly start: StartFigures;
  readonly paths: readonly PathFigures[];
}

/**
 * The first round warms up five times longer: after 2,000 requests a fresh node:http server still spends ~20%
 * more CPU per request over the next 20,000 than it does later (V8 still optimising), which would flatter
 * iamlab's first-round ratio.
 */
const FIRST_ROUND_WARMUP_FACTOR = 5;

async function measure(side: Side, count: number, pathWarmup: number, round: number): Promise<SideRound> {
  const warmup = side.warmup ?? (round === 0 ? FIRST_ROUND_WARMUP_FACTOR : 1) * pathWarmup;
  await side.prepare?.(warmup + count);
  const warm = await side.run(warmup);
  const spent = await cpuOver(side.pid, () => side.run(count));
  return { us: spent.ns / 1000 / count, perSecond: count / spent.value.seconds, failed: warm.failed + spent.value.failed, problems: spent.problems };
}

/** From the spawn to the first answered request, then the RSS once quiet and at least 1.5 s after that answer. */
async function startOf(child: Child & { readonly spawnedAt: number }, request: Parameters<typeof firstAnswer>[1]): Promise<[number, number]> {
  const answeredAt = await firstAnswer(child.url, request, performance.now() + 10_000);
  await settle(child.process.pid ?? 0);
  const rest = answeredAt + 1_500 - performance.now();
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  const rss = rssMb(child.process.pid ?? 0);
  await child.stop();
  return [answeredAt - child.spawnedAt, rss];
}

/** The bare server and `iamlab serve` (a new data directory each time) started in turns, both asked the same signed GetCallerIdentity. */
async function startUps(log: (line: string) => void): Promise<StartFigures> {
  const figures: StartFigures = { labMs: [], bareMs: [], labRssMb: [], bareRssMb: [] };
  // fetch() loads its HTTP client on first use (tens of ms): not in the first bare server's time.
  await fetch(`http://127.0.0.1:${await freePort()}/`).catch(() => undefined);
  for (let round = 0; round < ROUNDS; round++) {
    const port = await freePort();
    const bareRequest = await signedQueryRequest(`http://127.0.0.1:${port}`, 'sts', GET_CALLER_IDENTITY, BENCH_KEYS);
    const [bareMs, bareRss] = await startOf(spawnBareServer(port), bareRequest);
    const lab = await startLabProcess();
    const [labMs, labRss] = await startOf(lab, await signedQueryRequest(lab.url, 'sts', GET_CALLER_IDENTITY, BENCH_KEYS));
    figures.bareMs.push(bareMs);
    figures.labMs.push(labMs);
    figures.bareRssMb.push(bareRss);
    figures.labRssMb.push(labRss);
    log(`  start, round ${round + 1}: bare ${bareMs.toFixed(0)} ms ${bareRss.toFixed(1)} MB, iamlab ${labMs.toFixed(0)} ms ${labRss.toFixed(1)} MB`);
  }
  return figures;
}

export async function benchCpu(log: (line: string) => void): Promise<CpuFigures> {
  const start = await startUps(log);
  const lab = await startLabProcess();
  let stopYardsticks = async (): Promise<void> => undefined;
  try {
    await waitForHealth(lab.url);
    const setUpAt = performance.now();
    const mfaWarmup = Math.ceil(MFA_REQUESTS / 10);
    const counts = {
      requests: REQUESTS,
      warmup: WARMUP,
      mfaRequests: MFA_REQUESTS,
      mfaWarmup,
      imdsFetches: Math.ceil(REQUESTS / 4),
      imdsWarmup: Math.ceil(WARMUP / 4),
    };
    const set = await cpuPaths(lab, counts);
    stopYardsticks = () => set.stop();
    log(`  set-up: ${((performance.now() - setUpAt) / 1000).toFixed(1)} s`);
    const chosen = set.paths.filter((path) => CHOSEN(path.name));
    const figures: PathFigures[] = chosen.map((path) => ({ path, lab: [], bare: [] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const figure of figures) {
        const { path } = figure;
        const bare = await measure(path.bare, path.count, path.warmup, round);
        const labRound = await measure(path.lab, path.count, path.warmup, round);
        figure.bare.push(bare);
        figure.lab.push(labRound);
        const failed = bare.failed + labRound.failed > 0 ? `, FAILED: ${labRound.failed} iamlab, ${bare.failed} bare` : '';
        log(`  round ${round + 1}, ${path.name}: bare ${bare.us.toFixed(1)} µs, iamlab ${labRound.us.toFixed(1)} µs per ${path.unit}${failed}`);
        for (const problem of [...bare.problems, ...labRound.problems]) log(`    !! ${problem}`);
      }
    }
    return { start, paths: figures };
  } finally {
    await stopYardsticks();
    await lab.stop();
  }
}

const fixed = (values: readonly number[], digits: number): string => values.map((v) => v.toFixed(digits)).join(' ');

/** One line of the table per path, then its rounds; a path with a failed request shows FAILED instead of figures. */
export function cpuTable(figures: CpuFigures): string[] {
  const lines = [
    `  ${'path'.padEnd(50)} ${'iamlab µs'.padStart(10)} ${'bare µs'.padStart(8)} ${'bare/iamlab'.padStart(12)} ${'iamlab /s'.padStart(10)}  target`,
  ];
  for (const { path, lab, bare } of figures.paths) {
    const name = `${path.name}${path.unit === 'fetch' ? ', per fetch' : ''}`.padEnd(50);
    const failed = [...lab, ...bare].reduce((sum, round) => sum + round.failed, 0);
    const target = path.target === undefined ? '' : `>= ${path.target}`;
    if (failed > 0) {
      lines.push(`  ${name} FAILED: ${failed} requests not answered 2xx — no figure   ${target}`);
      continue;
    }
    const ratios = lab.map((round, i) => (bare[i] as SideRound).us / round.us);
    const doubtful = [...lab, ...bare].some((round) => round.problems.length > 0) ? ' (doubtful, see above)' : '';
    lines.push(
      `  ${name} ${median(lab.map((r) => r.us))
        .toFixed(1)
        .padStart(10)} ${median(bare.map((r) => r.us))
        .toFixed(1)
        .padStart(8)} ${median(ratios).toFixed(2).padStart(12)} ${Math.round(median(lab.map((r) => r.perSecond)))
        .toLocaleString('en-US')
        .padStart(10)}  ${target}${doubtful}`,
      `      rounds: iamlab ${fixed(
        lab.map((r) => r.us),
        1,
      )} · bare ${fixed(
        bare.map((r) => r.us),
        1,
      )} · ratio ${fixed(ratios, 2)}`,
    );
  }
  const { start } = figures;
  const labMs = median(start.labMs);
  const bareMs = median(start.bareMs);
  lines.push(
    `  first answered request after spawn: iamlab ${labMs.toFixed(0)} ms, bare ${bareMs.toFixed(0)} ms: ${(labMs / bareMs).toFixed(2)}× (target <= 1.5×)   rounds: iamlab ${fixed(start.labMs, 0)} · bare ${fixed(start.bareMs, 0)}`,
    `  idle RSS: iamlab ${median(start.labRssMb).toFixed(1)} MB, bare ${median(start.bareRssMb).toFixed(1)} MB: +${(median(start.labRssMb) - median(start.bareRssMb)).toFixed(1)} MB (target <= 20 MB)   rounds: iamlab ${fixed(start.labRssMb, 1)} · bare ${fixed(start.bareRssMb, 1)}`,
  );
  return lines;
}
