/**
 * `npm run bench`: the performance budget of design.md, measured in one run and printed as ratios.
 * Figures go in the README's benchmark section. BENCH_SECONDS sets the length of each load (default 8).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/support/repo-root.js';
import { load } from './load.js';
import type { LoadRequest, LoadResult } from './load.js';
import { BENCH_KEYS, rssMb, startBareServer, startLabProcess, startMoto } from './servers.js';
import { signedQueryRequest } from './signing.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';

interface Figure {
  readonly name: string;
  readonly value: string;
  readonly target?: string;
}

const figures: Figure[] = [];
const report = (name: string, value: string, target?: string): void => {
  figures.push(target === undefined ? { name, value } : { name, value, target });
  console.log(`  ${name.padEnd(58)} ${value}${target === undefined ? '' : `   (target ${target})`}`);
};

async function firstAnswer(url: string, request: LoadRequest, deadlineMs: number): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url + request.path, { method: request.method, headers: request.headers, body: request.body ?? null });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadlineMs) throw new Error(`no answer from ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function describeLoad(result: LoadResult): string {
  const failures = result.non2xx + result.errors;
  return `${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s, p99 ${result.p99Ms} ms${failures > 0 ? `, ${failures} failed` : ''}`;
}

async function benchGateway(): Promise<void> {
  console.log(`\nGateway: authenticated sts:GetCallerIdentity, ${SECONDS}s per run, 16 connections`);
  // The bare server gets the very same signed request bytes, so both read the same headers and body.
  const bare = await startBareServer();
  const bareResult = await load(bare.url, [await signedQueryRequest(bare.url, 'sts', GET_CALLER_IDENTITY, BENCH_KEYS)], SECONDS);
  await bare.stop();
  report('bare node:http server, fixed body, same requests', describeLoad(bareResult));

  // Cold start: fresh data directory, from spawn to the first answered signed request.
  const lab = await startLabProcess();
  const request = await signedQueryRequest(lab.url, 'sts', GET_CALLER_IDENTITY, BENCH_KEYS);
  const answeredAt = await firstAnswer(lab.url, request, performance.now() + 10_000);
  const coldMs = answeredAt - lab.spawnedAt;

  await new Promise((resolve) => setTimeout(resolve, 1500));
  const idleRss = rssMb(lab.process.pid ?? 0);

  const labResult = await load(lab.url, [request], SECONDS);
  const ratio = labResult.requestsPerSecond / bareResult.requestsPerSecond;
  report('iamlab (SigV4 verified, SQLite store, audit on)', describeLoad(labResult));
  report('iamlab / bare node:http', ratio.toFixed(2), '>= 0.5');
  const busyRss = rssMb(lab.process.pid ?? 0);
  await lab.stop();

  // Warm start: the same data directory again.
  const warm = await startLabProcess(lab.dataDir);
  await firstAnswer(warm.url, await signedQueryRequest(warm.url, 'sts', GET_CALLER_IDENTITY, BENCH_KEYS), performance.now() + 10_000);
  const warmMs = performance.now() - warm.spawnedAt;
  await warm.stop();

  report('cold start to first answered request (new data dir)', `${coldMs.toFixed(0)} ms`, '< 300 ms');
  report('start to first answered request (existing data dir)', `${warmMs.toFixed(0)} ms`, '< 300 ms');
  report('idle RSS after start', `${idleRss.toFixed(1)} MB`, '< 80 MB');
  report('RSS after the load', `${busyRss.toFixed(1)} MB`);

  const moto = await startMoto();
  if (moto === undefined) {
    report('moto server', 'not available (python3 -m moto.server did not start)');
    return;
  }
  const motoResult = await load(moto.url, [await signedQueryRequest(moto.url, 'sts', GET_CALLER_IDENTITY, BENCH_KEYS)], SECONDS);
  await moto.stop();
  report('moto server (accepts any signature)', describeLoad(motoResult));
  report('iamlab / moto', (labResult.requestsPerSecond / motoResult.requestsPerSecond).toFixed(1));
}

async function benchPolicyEngine(): Promise<void> {
  console.log('\nPolicy engine: five-statement identity policy with conditions');
  const { benchPolicy } = await import('./policy.js');
  const result = await benchPolicy();
  report('iamlab decisions per second', Math.round(result.decisionsPerSecond).toLocaleString('en-US'), '>= 500,000');
  report('iam-simulate decisions per second (same cases)', Math.round(result.simulatePerSecond).toLocaleString('en-US'));
  report('iamlab / iam-simulate', `${result.ratio.toFixed(0)}x`, '>= 100x');
}

const sections: readonly (readonly [string, () => Promise<void>])[] = [
  ['gateway', benchGateway],
  ['policy', benchPolicyEngine],
];

const only = process.argv.slice(2);
console.log(`iamlab benchmark — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, section] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  await section();
}
const dir = join(repoRoot(), '.bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'last.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`);
