/**
 * The soak run (issue "Nothing takes the lab down"): N connections × T seconds of mixed, valid traffic
 * against a lab process (identity calls, IAM reads, role sessions, denials that write explanations, S3
 * PUT/GET/DELETE of 1 KiB objects, presigned GETs), sampling the lab's resident memory, open file
 * descriptors and data-directory size every second. Requests are signed once per run section (a SigV4
 * signature is good for 15 minutes) and replayed, so that the load generator costs little.
 */
import { statSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { directoryBytes, openFds, Random, ROOT_KEYS, rssMb, startLab, type LabProcess } from './lab-process.js';

interface SoakOptions {
  readonly connections: number;
  readonly seconds: number;
  /** The lab's environment (e.g. IAMLAB_MAX_AUDIT_BYTES). */
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

interface Sample {
  readonly atSeconds: number;
  readonly rssMb: number;
  readonly fds: number;
  readonly dataDirBytes: number;
  /** Of which SQLite's write-ahead log (up to its checkpoint interval, ~40 MB, by design: open-sqlite-store.ts). */
  readonly walBytes: number;
  readonly requests: number;
}

interface SoakSummary {
  readonly requests: number;
  readonly seconds: number;
  readonly byStatus: Record<string, number>;
  readonly samples: readonly Sample[];
  /** Resident memory growth over the second half of the run, in MB per minute. */
  readonly rssSlopeMbPerMinute: number;
  readonly labExited: string | undefined;
  readonly findings: readonly string[];
}

interface Prepared {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

async function signed(
  lab: LabProcess,
  keys: Keys,
  service: string,
  method: string,
  path: string,
  body: string,
  extra: Record<string, string> = {},
): Promise<Prepared> {
  const signer = new SignatureV4({ service, region: 'us-east-1', sha256: Sha256, credentials: keys, uriEscapePath: service !== 's3' });
  const [pathname = '/', search = ''] = path.split('?');
  const query = Object.fromEntries(
    search
      .split('&')
      .filter((p) => p !== '')
      .map((p) => [p.split('=')[0] ?? '', decodeURIComponent(p.split('=')[1] ?? '')]),
  );
  const headers =
    service === 's3' ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...extra } : { 'content-type': 'application/x-www-form-urlencoded', ...extra };
  const out = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: lab.port,
    path: pathname,
    query,
    headers: { host: `127.0.0.1:${lab.port}`, ...headers },
    body,
  });
  return { method, path, headers: out.headers, body };
}

function send(lab: LabProcess, agent: Agent, request: Prepared): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: lab.port, method: request.method, path: request.path, headers: request.headers, agent, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(request.body);
  });
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const xmlText = (xml: string, name: string): string => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

/** Users, a role, a bucket; then the pool of requests the connections replay. */
async function preparePool(lab: LabProcess, agent: Agent): Promise<Prepared[]> {
  const root: Keys = ROOT_KEYS;
  const iam = async (body: string): Promise<string> => (await send(lab, agent, await signed(lab, root, 'iam', 'POST', '/', body))).text;
  await send(lab, agent, await signed(lab, root, 's3', 'PUT', '/soak', ''));
  for (let i = 0; i < 20; i++) await send(lab, agent, await signed(lab, root, 's3', 'PUT', `/soak/seed-${i}`, 'x'.repeat(1024)));
  await iam('Action=CreateUser&Version=2010-05-08&UserName=soak-user');
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'sts:AssumeRole', 's3:GetObject'], Resource: '*' }],
  });
  await iam(`Action=PutUserPolicy&Version=2010-05-08&UserName=soak-user&PolicyName=p&PolicyDocument=${encodeURIComponent(policy)}`);
  const created = await iam('Action=CreateAccessKey&Version=2010-05-08&UserName=soak-user');
  const user: Keys = { accessKeyId: xmlText(created, 'AccessKeyId'), secretAccessKey: xmlText(created, 'SecretAccessKey') };
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
  });
  await iam(`Action=CreateRole&Version=2010-05-08&RoleName=soak-role&AssumeRolePolicyDocument=${encodeURIComponent(trust)}`);
  const assumed = (
    await send(
      lab,
      agent,
      await signed(
        lab,
        user,
        'sts',
        'POST',
        '/',
        'Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/soak-role&RoleSessionName=soak',
      ),
    )
  ).text;
  const session: Keys = {
    accessKeyId: xmlText(assumed, 'AccessKeyId'),
    secretAccessKey: xmlText(assumed, 'SecretAccessKey'),
    sessionToken: xmlText(assumed, 'SessionToken'),
  };

  const pool: Prepared[] = [];
  for (let i = 0; i < 20; i++) {
    pool.push(await signed(lab, root, 'sts', 'POST', '/', 'Action=GetCallerIdentity&Version=2011-06-15'));
    pool.push(await signed(lab, session, 'sts', 'POST', '/', 'Action=GetCallerIdentity&Version=2011-06-15'));
    pool.push(await signed(lab, user, 'iam', 'POST', '/', 'Action=GetRole&Version=2010-05-08&RoleName=soak-role'));
    pool.push(
      await signed(
        lab,
        user,
        'sts',
        'POST',
        '/',
        `Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/soak-role&RoleSessionName=s${i}`,
      ),
    );
    // Denied: the audit trail writes the explanation of each.
    pool.push(await signed(lab, user, 'iam', 'POST', '/', 'Action=ListUsers&Version=2010-05-08'));
    pool.push(await signed(lab, session, 's3', 'GET', `/soak/seed-${i}`, ''));
    pool.push(await signed(lab, root, 's3', 'PUT', `/soak/churn-${i}`, 'y'.repeat(1024)));
    pool.push(await signed(lab, root, 's3', 'GET', `/soak/churn-${i}`, ''));
    pool.push(await signed(lab, root, 's3', 'DELETE', `/soak/churn-${i}`, ''));
    pool.push(await signed(lab, root, 's3', 'GET', '/soak?list-type=2&max-keys=5', ''));
  }
  return pool;
}

export async function soak(options: SoakOptions): Promise<SoakSummary> {
  const log = options.log ?? (() => undefined);
  const lab = await startLab(options.env ?? {});
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const byStatus: Record<string, number> = {};
  const samples: Sample[] = [];
  const findings: string[] = [];
  let requests = 0;
  let exited: string | undefined;
  const started = performance.now();
  try {
    let pool = await preparePool(lab, agent);
    const deadline = started + options.seconds * 1000;
    // Signatures are good for 15 minutes: a longer run signs its pool again every 10.
    let resignedAt = performance.now();
    const sampler = setInterval(() => {
      if (lab.exited() !== undefined) return;
      try {
        const sample = {
          atSeconds: (performance.now() - started) / 1000,
          rssMb: rssMb(lab.pid),
          fds: openFds(lab.pid),
          dataDirBytes: directoryBytes(lab.dataDir),
          walBytes: fileBytes(join(lab.dataDir, 'iamlab.db-wal')),
          requests,
        };
        samples.push(sample);
        if (samples.length % 30 === 0)
          log(
            `  ${sample.atSeconds.toFixed(0)} s: ${requests} requests, RSS ${sample.rssMb.toFixed(1)} MB, ${sample.fds} fds, data ${(sample.dataDirBytes / 1e6).toFixed(1)} MB`,
          );
      } catch {
        // the process is gone: the exit is reported below
      }
    }, 1000);
    const worker = async (seed: number): Promise<void> => {
      const random = new Random(seed);
      while (performance.now() < deadline && lab.exited() === undefined) {
        if (performance.now() - resignedAt > 600_000) {
          resignedAt = performance.now();
          pool = await preparePool(lab, agent);
        }
        const answer = await send(lab, agent, random.pick(pool));
        requests++;
        byStatus[String(answer.status)] = (byStatus[String(answer.status)] ?? 0) + 1;
        if ((answer.status >= 500 || answer.status === 0) && findings.length < 20)
          findings.push(`status ${answer.status}: ${answer.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i + 1)));
    clearInterval(sampler);
  } finally {
    agent.destroy();
    exited = lab.exited();
    if (exited !== undefined) findings.push(`the lab exited: ${exited}`);
    await lab.stop();
  }
  const half = samples.filter((s) => s.atSeconds >= options.seconds / 2);
  const first = half[0];
  const last = half[half.length - 1];
  const slope =
    first !== undefined && last !== undefined && last.atSeconds > first.atSeconds
      ? ((last.rssMb - first.rssMb) / (last.atSeconds - first.atSeconds)) * 60
      : 0;
  return { requests, seconds: (performance.now() - started) / 1000, byStatus, samples, rssSlopeMbPerMinute: slope, labExited: exited, findings };
}
