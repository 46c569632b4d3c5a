/**
 * IMDS credential fetches per second (issue 5), as a ratio to a bare node:http server. One fetch is what an
 * SDK does to get instance credentials (aws-behaviour.md §4.6): PUT /latest/api/token, GET the role name,
 * GET the role's credentials document with the token — three sequential requests. Several fetchers run in
 * parallel (one connection per request, as the lab's listener closes each one). The lab runs as a user starts it (`iamlab serve` in a child process)
 * with one running instance; the bare server, also a child process, answers the same three requests with
 * the very bodies the lab served (same sizes), so the ratio is what the metadata pipeline costs. Each side is
 * measured twice, in the order bare, lab, lab, bare, `seconds / 2` each, and averaged.
 * Run alone: `node --import tsx bench/imds.ts` (BENCH_SECONDS, default 8).
 */
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Child } from './servers.js';
import { BENCH_KEYS, startBareServer, startLabProcess, waitForHealth } from './servers.js';

interface ImdsBenchFigures {
  readonly fetchesPerSecond: number;
  readonly bareFetchesPerSecond: number;
  readonly ratio: number;
}

/** Parallel fetchers, each doing its three requests one after the other. */
const FETCHERS = 8;
const ROLE = 'bench-imds';
const TOKEN_PATH = '/latest/api/token';
const ROLE_PATH = '/latest/meta-data/iam/security-credentials/';

interface Reply {
  readonly status: number;
  readonly body: string;
}

function send(agent: Agent, base: URL, method: string, path: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => void (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One complete IMDSv2 credential fetch; the three bodies, or undefined when a step failed. */
async function fetchCredentials(agent: Agent, base: URL): Promise<readonly [string, string, string] | undefined> {
  const token = await send(agent, base, 'PUT', TOKEN_PATH, { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' });
  if (token.status !== 200) return undefined;
  const role = await send(agent, base, 'GET', ROLE_PATH, { 'X-aws-ec2-metadata-token': token.body });
  if (role.status !== 200) return undefined;
  const document = await send(agent, base, 'GET', `${ROLE_PATH}${role.body}`, { 'X-aws-ec2-metadata-token': token.body });
  if (document.status !== 200 || !document.body.includes('"AccessKeyId"')) return undefined;
  return [token.body, role.body, document.body];
}

/** The three bodies of one credential fetch from `url`, or undefined when a step failed. */
export async function credentialBodies(url: string): Promise<readonly [string, string, string] | undefined> {
  const agent = new Agent({ keepAlive: true });
  try {
    return await fetchCredentials(agent, new URL(url));
  } finally {
    agent.destroy();
  }
}

/** Exactly `count` credential fetches, FETCHERS of them at a time: the seconds taken and the fetches that failed. */
export async function fetchCount(url: string, count: number): Promise<{ readonly seconds: number; readonly failed: number }> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: FETCHERS });
  let remaining = count;
  let failed = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: FETCHERS }, async () => {
        while (remaining > 0) {
          remaining--;
          if ((await fetchCredentials(agent, base).catch(() => undefined)) === undefined) failed++;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { seconds: (performance.now() - started) / 1000, failed };
}

/** Complete fetches per second over `seconds`, after a short warm-up; throws if any fetch failed. */
async function measure(url: string, seconds: number): Promise<number> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: FETCHERS });
  try {
    for (let i = 0; i < 50; i++) if ((await fetchCredentials(agent, base)) === undefined) throw new Error(`IMDS fetch failed at ${url}`);
    let done = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: FETCHERS }, async () => {
        while (performance.now() < deadline) {
          if ((await fetchCredentials(agent, base)) === undefined) failed++;
          else done++;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    if (failed > 0) throw new Error(`${failed} of ${done + failed} IMDS fetches failed at ${url}`);
    return done / elapsed;
  } finally {
    agent.destroy();
  }
}

/** A role EC2 may assume in a same-named profile, one instance launched with it and running; its IMDS URL. */
export async function launchInstance(url: string): Promise<string> {
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: BENCH_KEYS });
  const ec2 = new EC2Client({ endpoint: url, region: 'us-east-1', credentials: BENCH_KEYS });
  try {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: ROLE }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: ROLE, RoleName: ROLE }));
    const out = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: ROLE } }),
    );
    const instanceId = out.Instances?.[0]?.InstanceId ?? '';
    // pending → running takes a few seconds of virtual time: move the clock rather than wait.
    const moved = await fetch(`${url}/_iamlab/clock`, { method: 'POST', body: JSON.stringify({ action: 'advance', by: '10s' }) });
    if (!moved.ok) throw new Error(`clock advance: ${moved.status}`);
    const info = (await (await fetch(`${url}/_iamlab/instances/${instanceId}`)).json()) as { state: string; imdsEndpoint: string | null };
    if (info.state !== 'running' || info.imdsEndpoint === null)
      throw new Error(`instance ${instanceId} is ${info.state} without a metadata endpoint`);
    return info.imdsEndpoint;
  } finally {
    iam.destroy();
    ec2.destroy();
  }
}

/**
 * The yardstick, in a child process: the three answers as fixed bodies, for any token, with the lab's
 * headers — including `Connection: close`, because the lab's listener answers one request per connection
 * (src/imds/imds-manager.ts), so both sides pay for a TCP connection per request.
 */
const BARE_IMDS_SERVER = `
const { createServer } = require('node:http');
const [token, role, document] = JSON.parse(process.env.BENCH_IMDS_BODIES);
const server = createServer({ keepAlive: true }, (req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    const body = req.method === 'PUT' ? token : req.url.endsWith('/') ? role : document;
    const headers = { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body), Server: 'EC2ws', Connection: 'close' };
    if (req.method === 'PUT') headers['X-aws-ec2-metadata-token-ttl-seconds'] = '21600';
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export async function startBareImdsServer(bodies: readonly [string, string, string]): Promise<Child> {
  return startBareServer(['-e', BARE_IMDS_SERVER], { BENCH_IMDS_BODIES: JSON.stringify(bodies) });
}

export async function benchImds(seconds: number): Promise<ImdsBenchFigures> {
  const lab = await startLabProcess();
  try {
    await waitForHealth(lab.url);
    const imdsUrl = await launchInstance(lab.url);
    const bodies = await credentialBodies(imdsUrl);
    if (bodies === undefined) throw new Error(`no credentials from ${imdsUrl}`);
    const bare = await startBareImdsServer(bodies);
    try {
      // Bare, lab, lab, bare: whatever else the machine is doing weighs on both sides alike.
      const half = seconds / 2;
      const bareFirst = await measure(bare.url, half);
      const labFirst = await measure(imdsUrl, half);
      const labSecond = await measure(imdsUrl, half);
      const bareSecond = await measure(bare.url, half);
      const fetchesPerSecond = (labFirst + labSecond) / 2;
      const bareFetchesPerSecond = (bareFirst + bareSecond) / 2;
      return { fetchesPerSecond, bareFetchesPerSecond, ratio: fetchesPerSecond / bareFetchesPerSecond };
    } finally {
      await bare.stop();
    }
  } finally {
    await lab.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchImds(Number(process.env['BENCH_SECONDS'] ?? 8));
  console.log(`IMDS credential fetches (token PUT + 2 GETs), ${FETCHERS} fetchers`);
  console.log(`  iamlab instance listener   ${Math.round(figures.fetchesPerSecond).toLocaleString('en-US')} fetches/s`);
  console.log(`  bare node:http server      ${Math.round(figures.bareFetchesPerSecond).toLocaleString('en-US')} fetches/s`);
  console.log(`  ratio                      ${figures.ratio.toFixed(2)}`);
}
