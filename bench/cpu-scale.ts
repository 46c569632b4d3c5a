/**
 * `npm run bench` section `cpu-scale` (issue 21, "Scale"): server CPU per request of an empty lab against the same
 * lab with 100,000 roles, 1,000,000 session records and 1,000,000 audit events stored, which must stay within 10%.
 * The two labs take turns (BENCH_SCALE_CPU_ROUNDS, default 3), each started afresh on its copy of the store; both run
 * with retention bounds above what they hold, so that neither prunes while it is measured. Paths: GetCallerIdentity
 * with root keys, GetRole by a user with a five-statement policy, AssumeRole by that user (a session stored each).
 * BENCH_SCALE_ROLES, BENCH_SCALE_SESSIONS and BENCH_SCALE_EVENTS change the bulk; BENCH_SCALE_CPU_REQUESTS the count.
 */
import { cpSync, rmSync } from 'node:fs';
import { cpuOver } from './cpu-meter.js';
import { seedEvents, seedScale, startLabOn, startSetUpLab } from './identity.js';
import { loadCount } from './load.js';
import type { LoadRequest } from './load.js';
import { median } from './median.js';
import { BENCH_KEYS } from './servers.js';
import { signedQueryRequest } from './signing.js';

const ROUNDS = Number(process.env['BENCH_SCALE_CPU_ROUNDS'] ?? 3);
const REQUESTS = Number(process.env['BENCH_SCALE_CPU_REQUESTS'] ?? 10_000);
const ROLES = Number(process.env['BENCH_SCALE_ROLES'] ?? 100_000);
const SESSIONS = Number(process.env['BENCH_SCALE_SESSIONS'] ?? 1_000_000);
const EVENTS = Number(process.env['BENCH_SCALE_EVENTS'] ?? 1_000_000);
/** Above what either lab holds, so that no retention runs while measuring (sessions: identity.ts keeps them all). */
const KEEP_EVENTS = { IAMLAB_MAX_AUDIT_EVENTS: String(10 * EVENTS + 1_000_000), IAMLAB_MAX_AUDIT_BYTES: String(64 * 1024 ** 3) };

interface ScalePath {
  readonly name: string;
  readonly empty: readonly number[];
  readonly scaled: readonly number[];
  readonly failed: number;
}

interface ScaleResult {
  readonly bulk: string;
  readonly seedSeconds: number;
  readonly paths: readonly ScalePath[];
}

/** µs of server CPU per request for each path, on a lab started on `dataDir`. */
async function measure(dataDir: string, paths: readonly ((url: string) => Promise<LoadRequest>)[]): Promise<{ us: number[]; failed: number }> {
  const lab = await startLabOn(dataDir, KEEP_EVENTS);
  try {
    const pid = lab.process.pid ?? 0;
    const us: number[] = [];
    let failed = 0;
    for (const make of paths) {
      const request = await make(lab.url);
      await loadCount(lab.url, request, 2_000);
      const spent = await cpuOver(pid, () => loadCount(lab.url, request, REQUESTS));
      failed += spent.value.failed;
      us.push(spent.ns / 1000 / REQUESTS);
    }
    return { us, failed };
  } finally {
    await lab.stop();
  }
}

export async function benchCpuScale(log: (line: string) => void): Promise<ScaleResult> {
  const { lab, setup } = await startSetUpLab(KEEP_EVENTS);
  const emptyDir = lab.dataDir;
  // Stopped by hand: lab.stop() would remove the data directory, which is the empty side from now on.
  lab.process.kill('SIGTERM');
  await new Promise((resolve) => lab.process.once('exit', resolve));
  const scaledDir = `${emptyDir}-scaled`;
  cpSync(emptyDir, scaledDir, { recursive: true });
  const seeding = performance.now();
  await seedScale(scaledDir, ROLES, SESSIONS);
  await seedEvents(scaledDir, EVENTS);
  const seedSeconds = (performance.now() - seeding) / 1000;
  log(
    `  seeded ${ROLES.toLocaleString('en-US')} roles, ${SESSIONS.toLocaleString('en-US')} sessions, ${EVENTS.toLocaleString('en-US')} events in ${seedSeconds.toFixed(1)} s`,
  );
  const names = ['sts:GetCallerIdentity, root keys', 'iam:GetRole by a user with a five-statement policy', 'sts:AssumeRole by that user'];
  const paths = [
    (url: string) => signedQueryRequest(url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', BENCH_KEYS),
    (url: string) => signedQueryRequest(url, 'iam', 'Action=GetRole&Version=2010-05-08&RoleName=bench-role', setup.user),
    (url: string) =>
      signedQueryRequest(
        url,
        'sts',
        'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fbench-role&RoleSessionName=scale&DurationSeconds=3600',
        setup.user,
      ),
  ];
  const empty: number[][] = names.map(() => []);
  const scaled: number[][] = names.map(() => []);
  let failed = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [side, dir] of [
        [empty, emptyDir],
        [scaled, scaledDir],
      ] as const) {
        const measured = await measure(dir, paths);
        failed += measured.failed;
        measured.us.forEach((us, i) => side[i]?.push(us));
      }
      log(
        `  round ${round + 1}: ${names.map((name, i) => `${name} ${empty[i]?.[round]?.toFixed(1)} → ${scaled[i]?.[round]?.toFixed(1)} µs`).join('; ')}`,
      );
    }
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(scaledDir, { recursive: true, force: true });
  }
  return {
    bulk: `${ROLES.toLocaleString('en-US')} roles, ${SESSIONS.toLocaleString('en-US')} sessions, ${EVENTS.toLocaleString('en-US')} audit events`,
    seedSeconds,
    paths: names.map((name, i) => ({ name, empty: empty[i] ?? [], scaled: scaled[i] ?? [], failed })),
  };
}

export function scaleTable(result: ScaleResult): string[] {
  const lines = [`| path | empty lab | with ${result.bulk} | scaled / empty |`, '|---|---|---|---|'];
  for (const path of result.paths) {
    const ratios = path.scaled.map((us, i) => us / (path.empty[i] ?? Number.NaN));
    lines.push(
      `| ${path.name} | ${median(path.empty).toFixed(1)} µs | ${median(path.scaled).toFixed(1)} µs | ${median(ratios).toFixed(2)} [${ratios.map((r) => r.toFixed(2)).join(' ')}]${path.failed > 0 ? `, ${path.failed} FAILED` : ''} |`,
    );
  }
  return lines;
}
