/**
 * `node dist/bench/run.js pipeline` (issue 21): the CPU the gateway itself spends per request — every stage from
 * route to audit, the audit trail's writer thread included — without HTTP. A lab runs in this process (SQLite
 * store in a fresh data directory, audit trail on, settings as `iamlab serve` has them); each path's request is
 * signed once and handed to `Gateway.handle` as the HTTP adapter would hand it, 16 at a time with a turn of the
 * event loop between groups (so the audit trail's batches flow as under load), and the process's CPU time (all
 * threads) is read around a fixed number of requests.
 *
 * Why: the server-level figures (bench/cpu.ts) include the HTTP layer, which costs what a bare node:http server
 * costs, and a load generator sharing two cores; rounds of the same build there differ by 20-40%. This figure
 * moves less, so it is the one to compare two builds with (alternate them), and the one to profile:
 * `node --cpu-prof dist/bench/run.js pipeline` (BENCH_PIPELINE_PATHS to pick one). It does not stream bodies:
 * a presigned GET's object bytes are not read.
 *
 * Environment: BENCH_PIPELINE_ROUNDS (3), BENCH_PIPELINE_REQUESTS (30,000 per round; a tenth for AssumeRole, whose
 * sessions accumulate), BENCH_PIPELINE_PATHS (names to match, comma-separated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../src/app/config.js';
import { startLab } from '../src/app/lab.js';
import type { RunningLab } from '../src/app/lab.js';
import { EMPTY_SHA256, sha256Hex } from '../src/auth/sigv4/index.js';
import type { RawRequest } from '../src/server/raw-http.js';
import { POLICY } from './identity.js';
import type { LoadRequest } from './load.js';
import { median } from './median.js';
import { exchange, expectOk, presignedGetTarget, signedHeaders } from './s3.js';
import { BENCH_KEYS } from './servers.js';
import { signedQueryRequest } from './signing.js';
import { pathFilter } from './path-filter.js';

const ROUNDS = Number(process.env['BENCH_PIPELINE_ROUNDS'] ?? 3);
const REQUESTS = Number(process.env['BENCH_PIPELINE_REQUESTS'] ?? 30_000);
/** Only the paths whose names contain one of BENCH_PIPELINE_PATHS's parts; all when unset. */
const CHOSEN = pathFilter('BENCH_PIPELINE_PATHS');
const IN_FLIGHT = 16;
const ROLE = 'bench-role';
const BUCKET = 'bench-pipeline';

interface PipelinePath {
  readonly name: string;
  readonly count: number;
  readonly request: LoadRequest;
}

interface PipelineFigure {
  readonly name: string;
  /** CPU µs per request, each round. */
  readonly rounds: readonly number[];
}

type Keys = { readonly accessKeyId: string; readonly secretAccessKey: string };

async function call(url: string, keys: Keys, service: string, body: string): Promise<string> {
  const request = await signedQueryRequest(url, service, body, keys);
  const response = await fetch(`${url}/`, { method: 'POST', headers: request.headers, body: request.body ?? null });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${service} ${body.slice(0, 60)}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}

function member(xml: string, name: string): string {
  const found = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (found === undefined) throw new Error(`no <${name}> in ${xml.slice(0, 300)}`);
  return found;
}

/** A user with the identity benchmark's five-statement policy and a key; a role it may assume; a 1 KiB object. */
async function setUp(lab: RunningLab): Promise<readonly PipelinePath[]> {
  const url = lab.endpoint;
  const root = BENCH_KEYS;
  const account = lab.accountId;
  await call(url, root, 'iam', 'Action=CreateUser&Version=2010-05-08&UserName=bench-user');
  await call(
    url,
    root,
    'iam',
    `Action=PutUserPolicy&Version=2010-05-08&UserName=bench-user&PolicyName=bench&PolicyDocument=${encodeURIComponent(POLICY)}`,
  );
  const key = await call(url, root, 'iam', 'Action=CreateAccessKey&Version=2010-05-08&UserName=bench-user');
  const user = { accessKeyId: member(key, 'AccessKeyId'), secretAccessKey: member(key, 'SecretAccessKey') };
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
  });
  await call(url, root, 'iam', `Action=CreateRole&Version=2010-05-08&RoleName=${ROLE}&AssumeRolePolicyDocument=${encodeURIComponent(trust)}`);
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const small = Buffer.from('0123456789abcdef'.repeat(64));
  try {
    await expectOk(exchange(agent, base, 'PUT', `/${BUCKET}`, signedHeaders(base, 'PUT', `/${BUCKET}`, EMPTY_SHA256)), 'CreateBucket');
    const put = signedHeaders(base, 'PUT', `/${BUCKET}/small.bin`, sha256Hex(small), [['content-length', String(small.length)]]);
    await expectOk(exchange(agent, base, 'PUT', `/${BUCKET}/small.bin`, put, small), 'PutObject');
  } finally {
    agent.destroy();
  }
  const roleArn = encodeURIComponent(`arn:aws:iam::${account}:role/${ROLE}`);
  return [
    {
      name: 'sts:GetCallerIdentity, root keys',
      count: REQUESTS,
      request: await signedQueryRequest(url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', root),
    },
    {
      name: 'iam:GetRole by a user with one inline policy',
      count: REQUESTS,
      request: await signedQueryRequest(url, 'iam', `Action=GetRole&Version=2010-05-08&RoleName=${ROLE}`, user),
    },
    {
      name: 'sts:AssumeRole by that user (session recorded)',
      count: Math.ceil(REQUESTS / 10),
      request: await signedQueryRequest(url, 'sts', `Action=AssumeRole&Version=2011-06-15&RoleArn=${roleArn}&RoleSessionName=bench`, user),
    },
    {
      name: 'S3 presigned GET of 1 KiB (body not read)',
      count: REQUESTS,
      request: { method: 'GET', path: presignedGetTarget(base, BUCKET, 'small.bin', 3600, Date.now()), headers: {} },
    },
  ];
}

/** What the HTTP adapter would make of `request` (server/http-server.ts). */
function rawOf(url: string, request: LoadRequest): () => RawRequest {
  const headers: [string, string][] = [
    ['host', new URL(url).host],
    ['user-agent', 'iamlab-bench'],
    ...Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'host'),
  ];
  const body = Buffer.from(request.body ?? '');
  return () => ({ method: request.method, rawTarget: request.path, headers, body, bodyTooLarge: false, remoteAddress: '127.0.0.1', secure: false });
}

async function run(lab: RunningLab, raw: () => RawRequest, count: number): Promise<void> {
  const gateway = lab.parts.gateway;
  for (let sent = 0; sent < count; sent += IN_FLIGHT) {
    const group = Array.from({ length: Math.min(IN_FLIGHT, count - sent) }, () => Promise.resolve(gateway.handle(raw())));
    const failed = (await Promise.all(group)).find((answer) => answer.status >= 300);
    if (failed !== undefined) {
      const body = typeof failed.body === 'string' || Buffer.isBuffer(failed.body) ? failed.body.toString() : '(a stream)';
      throw new Error(`HTTP ${failed.status}: ${body.slice(0, 300)}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Long enough for the audit trail's last batch (written 50 ms after its first event) to be in the store. */
const TRAIL_MS = 250;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CPU µs per request over `count` requests, the audit trail written after the last answer included. Read with
 * `process.cpuUsage` (all threads): sampling /proc, as bench/cpu-meter.ts does for another process, would cost
 * this one more than the idle lab does.
 */
async function measure(lab: RunningLab, raw: () => RawRequest, count: number): Promise<number> {
  await pause(TRAIL_MS);
  const before = process.cpuUsage();
  await run(lab, raw, count);
  await pause(TRAIL_MS);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

export async function benchPipeline(log: (line: string) => void): Promise<PipelineFigure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-bench-pipeline-'));
  const env = {
    IAMLAB_ROOT_ACCESS_KEY_ID: BENCH_KEYS.accessKeyId,
    IAMLAB_ROOT_SECRET_ACCESS_KEY: BENCH_KEYS.secretAccessKey,
    // Every session kept: pruning would otherwise come and go between rounds.
    IAMLAB_MAX_SESSION_RECORDS: '5000000',
  };
  const resolved = resolveConfig({ port: '0', dataDir, quiet: true }, env, process.cwd());
  if (resolved.kind !== 'ok') throw new Error(resolved.message);
  const lab = await startLab({
    config: resolved.config,
    logger: { info: () => undefined, error: (message, error) => log(`${message} ${String(error)}`) },
  });
  try {
    const paths = (await setUp(lab)).filter((path) => CHOSEN(path.name));
    const figures = paths.map((path) => ({ name: path.name, rounds: [] as number[] }));
    // Warm-up: a third of a round on each path.
    for (const path of paths) await run(lab, rawOf(lab.endpoint, path.request), Math.ceil(path.count / 3));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [at, path] of paths.entries()) {
        const us = await measure(lab, rawOf(lab.endpoint, path.request), path.count);
        figures[at]?.rounds.push(us);
        log(`  round ${round + 1}, ${path.name}: ${us.toFixed(1)} µs CPU per request`);
      }
    }
    return figures;
  } finally {
    await lab.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function pipelineTable(figures: readonly PipelineFigure[]): string[] {
  return figures.map(
    ({ name, rounds }) =>
      `  ${name.padEnd(52)} ${median([...rounds])
        .toFixed(1)
        .padStart(7)} µs   rounds ${rounds.map((us) => us.toFixed(1)).join(' ')}`,
  );
}
