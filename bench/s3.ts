/**
 * S3 benchmarks (issue 6): presigned GETs of a 1 KiB object per second, and PUT/GET throughput of a 64 MiB
 * object, each as a ratio to a bare node:http server handling the same bytes (bench/bare-s3-server.ts).
 *
 * The lab runs as a user starts it (`iamlab serve` in a child process, SQLite store, file blobs, audit on).
 * Requests are signed by the lab's own SigV4 steps (src/auth/sigv4): header auth with x-amz-content-sha256
 * for the set-up and the transfers, one query-auth URL (X-Amz-Expires=3600, UNSIGNED-PAYLOAD) replayed by
 * autocannon for the presigned GETs. Presigned loads run bare, lab, lab, bare, `seconds / 2` each; the
 * 64 MiB transfers run in rounds after one warm-up round, the sides taking turns within each round.
 * Throughput is in MB/s (10^6 bytes). Run alone: `node dist/bench/s3.js` (BENCH_SECONDS, default 8).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SHA256_HEADER, EMPTY_SHA256, HOST_HEADER, S3_SERVICE, signRequest, UNSIGNED_PAYLOAD } from '../src/auth/sigv4/index.js';
import { repoRoot } from '../test/support/repo-root.js';
import { presignS3Url } from '../src/cli/presign-s3-url.js';
import { load } from './load.js';
import type { LoadResult } from './load.js';
import type { Child } from './servers.js';
import { BENCH_KEYS, startBareServer, startLabProcess, waitForHealth } from './servers.js';

const REGION = 'us-east-1';
const BUCKET = 'bench-bucket';
const SMALL_KEY = 'small.bin';
const BIG_KEY = 'big.bin';
const SMALL_BYTES = 1024;
const BIG_BYTES = 64 * 1024 * 1024;
/** Measured rounds of 64 MiB transfers, after one warm-up round. */
const ROUNDS = 4;

interface Throughput {
  /** Total bytes over total time, MB/s. */
  readonly mbPerSecond: number;
  readonly minMbPerSecond: number;
  readonly maxMbPerSecond: number;
}

interface S3Figures {
  readonly presignedLab: LoadResult;
  readonly presignedBare: LoadResult;
  readonly putUnsigned: Throughput;
  readonly putSha256: Throughput;
  readonly putBare: Throughput;
  readonly getLab: Throughput;
  readonly getBare: Throughput;
}

interface Reply {
  readonly status: number;
  readonly bytes: number;
  readonly body: Buffer;
}

/** One request; the body is kept only when `keep` (else only counted). */
export function exchange(
  agent: Agent,
  base: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
  keep = false,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep || (res.statusCode ?? 0) >= 300) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Header-form SigV4 for S3, signed now: host, x-amz-content-sha256, x-amz-date and any `extra` header. */
export function signedHeaders(
  base: URL,
  method: string,
  rawTarget: string,
  payloadHash: string,
  extra: readonly (readonly [string, string])[] = [],
): Record<string, string> {
  const signed = signRequest({
    request: { method, rawTarget, headers: [[HOST_HEADER, base.host], [CONTENT_SHA256_HEADER, payloadHash], ...extra] },
    accessKeyId: BENCH_KEYS.accessKeyId,
    secretAccessKey: BENCH_KEYS.secretAccessKey,
    region: REGION,
    service: S3_SERVICE,
    signedAtMs: Date.now(),
  });
  return Object.fromEntries(signed.headers);
}

/** A query-form SigV4 GET (path plus query), host signed, UNSIGNED-PAYLOAD, as `iamlab presign` makes them. */
export function presignedGetTarget(base: URL, bucket: string, key: string, expiresSeconds: number, signedAtMs: number): string {
  const { url } = presignS3Url({ endpoint: base, bucket, key, method: 'GET', region: REGION, credentials: BENCH_KEYS, expiresSeconds, signedAtMs });
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export async function expectOk(reply: Promise<Reply>, what: string): Promise<Reply> {
  const answer = await reply;
  if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 400)}`);
  return answer;
}

export async function startBareS3Server(small: Buffer, dir: string): Promise<Child> {
  return startBareServer([join(repoRoot(), 'dist', 'bench', 'bare-s3-server.js')], { BENCH_S3_SMALL: small.toString('base64'), BENCH_S3_DIR: dir });
}

/** Two loads of the same side as one: mean rate, summed failures, the worse p99. */
function combine(a: LoadResult, b: LoadResult): LoadResult {
  return {
    requestsPerSecond: (a.requestsPerSecond + b.requestsPerSecond) / 2,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    p99Ms: Math.max(a.p99Ms, b.p99Ms),
  };
}

/** A timed transfer of BIG_BYTES: seconds taken. */
type Transfer = () => Promise<number>;

async function timed(run: () => Promise<Reply>, what: string): Promise<number> {
  const started = performance.now();
  const reply = await expectOk(run(), what);
  const seconds = (performance.now() - started) / 1000;
  if (reply.bytes !== 0 && reply.bytes !== BIG_BYTES) throw new Error(`${what}: ${reply.bytes} bytes instead of ${BIG_BYTES}`);
  return seconds;
}

function throughput(seconds: readonly number[]): Throughput {
  const mb = BIG_BYTES / 1e6;
  const total = seconds.reduce((sum, s) => sum + s, 0);
  return { mbPerSecond: (mb * seconds.length) / total, minMbPerSecond: mb / Math.max(...seconds), maxMbPerSecond: mb / Math.min(...seconds) };
}

/** One warm-up round, then ROUNDS rounds; within a round the sides take turns, starting one later each round. */
async function rounds(sides: readonly Transfer[]): Promise<Throughput[]> {
  for (const side of sides) await side();
  const times: number[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < sides.length; i++) {
      const index = (i + round) % sides.length;
      (times[index] as number[]).push(await (sides[index] as Transfer)());
    }
  }
  return times.map(throughput);
}

export async function benchS3(seconds: number): Promise<S3Figures> {
  const small = randomBytes(SMALL_BYTES);
  const big = randomBytes(BIG_BYTES);
  const bigSha256 = createHash('sha256').update(big).digest('hex');
  const bareDir = mkdtempSync(join(tmpdir(), 'iamlab-bench-bare-s3-'));
  const lab = await startLabProcess();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let bare: Child | undefined;
  try {
    await waitForHealth(lab.url);
    const labBase = new URL(lab.url);
    const put = (key: string, body: Buffer, payloadHash: string): Promise<Reply> => {
      const target = `/${BUCKET}/${key}`;
      return exchange(
        agent,
        labBase,
        'PUT',
        target,
        signedHeaders(labBase, 'PUT', target, payloadHash, [['content-length', String(body.length)]]),
        body,
      );
    };
    const get = (key: string, keep = false): Promise<Reply> => {
      const target = `/${BUCKET}/${key}`;
      return exchange(agent, labBase, 'GET', target, signedHeaders(labBase, 'GET', target, EMPTY_SHA256), undefined, keep);
    };
    await expectOk(exchange(agent, labBase, 'PUT', `/${BUCKET}`, signedHeaders(labBase, 'PUT', `/${BUCKET}`, EMPTY_SHA256)), 'CreateBucket');
    await expectOk(put(SMALL_KEY, small, createHash('sha256').update(small).digest('hex')), 'PutObject 1 KiB');

    bare = await startBareS3Server(small, bareDir);
    const bareBase = new URL(bare.url);

    // Presigned GETs: one URL, replayed; first checked to answer the very bytes.
    const presigned = presignedGetTarget(labBase, BUCKET, SMALL_KEY, 3600, Date.now());
    const check = await expectOk(exchange(agent, labBase, 'GET', presigned, {}, undefined, true), 'presigned GET');
    if (!check.body.equals(small)) throw new Error('the presigned GET answered other bytes');
    const bareCheck = await expectOk(exchange(agent, bareBase, 'GET', '/small', {}, undefined, true), 'bare GET');
    if (!bareCheck.body.equals(small)) throw new Error('the bare server answered other bytes');
    const half = seconds / 2;
    const bareFirst = await load(bare.url, [{ method: 'GET', path: presigned.replace(`/${BUCKET}/${SMALL_KEY}`, '/small'), headers: {} }], half);
    const labFirst = await load(lab.url, [{ method: 'GET', path: presigned, headers: {} }], half);
    const labSecond = await load(lab.url, [{ method: 'GET', path: presigned, headers: {} }], half);
    const bareSecond = await load(bare.url, [{ method: 'GET', path: presigned.replace(`/${BUCKET}/${SMALL_KEY}`, '/small'), headers: {} }], half);

    // 64 MiB PUTs: the lab without payload hashing, the lab verifying the declared SHA-256, the bare server.
    const bareAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const barePut: Transfer = () =>
        timed(
          () =>
            exchange(bareAgent, bareBase, 'PUT', '/big', { 'content-length': String(BIG_BYTES), 'content-type': 'application/octet-stream' }, big),
          'bare PUT',
        );
      const [putUnsigned, putSha256, putBare] = (await rounds([
        () => timed(() => put(BIG_KEY, big, UNSIGNED_PAYLOAD), 'PutObject 64 MiB, UNSIGNED-PAYLOAD'),
        () => timed(() => put(BIG_KEY, big, bigSha256), 'PutObject 64 MiB, hex SHA-256'),
        barePut,
      ])) as [Throughput, Throughput, Throughput];

      // The stored object must be those bytes, on both sides, before its reads are timed.
      if (!(await expectOk(get(BIG_KEY, true), 'GetObject 64 MiB')).body.equals(big)) throw new Error('GetObject answered other bytes');
      if (!(await expectOk(exchange(bareAgent, bareBase, 'GET', '/big', {}, undefined, true), 'bare GET')).body.equals(big))
        throw new Error('bare GET answered other bytes');
      const [getLab, getBare] = (await rounds([
        () => timed(() => get(BIG_KEY), 'GetObject 64 MiB'),
        () => timed(() => exchange(bareAgent, bareBase, 'GET', '/big', {}), 'bare GET 64 MiB'),
      ])) as [Throughput, Throughput];

      return {
        presignedLab: combine(labFirst, labSecond),
        presignedBare: combine(bareFirst, bareSecond),
        putUnsigned,
        putSha256,
        putBare,
        getLab,
        getBare,
      };
    } finally {
      bareAgent.destroy();
    }
  } finally {
    agent.destroy();
    await bare?.stop();
    await lab.stop();
    rmSync(bareDir, { recursive: true, force: true });
  }
}

export function describeThroughput(t: Throughput): string {
  return `${t.mbPerSecond.toFixed(0)} MB/s (runs ${t.minMbPerSecond.toFixed(0)}–${t.maxMbPerSecond.toFixed(0)})`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const f = await benchS3(Number(process.env['BENCH_SECONDS'] ?? 8));
  console.log(
    `presigned GET 1 KiB: iamlab ${Math.round(f.presignedLab.requestsPerSecond)} req/s, bare ${Math.round(f.presignedBare.requestsPerSecond)} req/s`,
  );
  console.log(
    `PUT 64 MiB: unsigned ${describeThroughput(f.putUnsigned)}, sha256 ${describeThroughput(f.putSha256)}, bare ${describeThroughput(f.putBare)}`,
  );
  console.log(`GET 64 MiB: iamlab ${describeThroughput(f.getLab)}, bare ${describeThroughput(f.getBare)}`);
}
