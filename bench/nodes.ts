/**
 * `npm run bench` section `nodes`: one lab on PostgreSQL served by one node, then by two (design.md "One lab on
 * many nodes"). For authenticated GetCallerIdentity and GetRole by a user with one inline policy, it reports the
 * requests per second of one node and of two nodes sharing the load (two load generators at once, one per
 * node), and the server CPU per request summed over every node's threads (schedstat). The nodes take turns with
 * themselves over BENCH_NODES_ROUNDS rounds; medians are reported with each round.
 *
 * PostgreSQL comes from BENCH_POSTGRES_URL or IAMLAB_TEST_POSTGRES_URL (a database is created and dropped);
 * without either the section says so and measures nothing.
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { cpuOver } from './cpu-meter.js';
import { POLICY } from './identity.js';
import { loadCount } from './load.js';
import type { LoadRequest } from './load.js';
import { median } from './median.js';
import { BENCH_KEYS, startLabProcess, waitForHealth } from './servers.js';
import type { Child } from './servers.js';
import { signedQueryRequest } from './signing.js';
import { createDatabase } from '../test/support/postgres-database.js';

const ROUNDS = Number(process.env['BENCH_NODES_ROUNDS'] ?? 3);
/** Requests per round, in all (split between the nodes when there are two). */
const REQUESTS = Number(process.env['BENCH_NODES_REQUESTS'] ?? 20_000);
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
});

interface Round {
  readonly requestsPerSecond: number;
  readonly usPerRequest: number;
  readonly failed: number;
}

interface NodesFigure {
  readonly path: string;
  readonly one: readonly Round[];
  readonly two: readonly Round[];
}

type Keys = { readonly accessKeyId: string; readonly secretAccessKey: string };

async function userWithPolicy(url: string): Promise<Keys> {
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: BENCH_KEYS });
  await iam.send(new CreateUserCommand({ UserName: 'bench-user' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'bench-user', PolicyName: 'bench-policy', PolicyDocument: POLICY }));
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: TRUST }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-user' }));
  iam.destroy();
  return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
}

/**
 * Server CPU per request of `total` requests spread evenly over `nodes` at once, summed over the nodes: each
 * node's CPU is read from quiet to quiet around the whole concurrent load (the readings nest).
 */
async function cpuPerRequest(nodes: readonly Child[], requests: readonly LoadRequest[], total: number): Promise<{ us: number; failed: number }> {
  const share = Math.floor(total / nodes.length);
  const measure = async (index: number): Promise<{ ns: number; failed: number }> => {
    const node = nodes[index] as Child;
    if (index === nodes.length - 1) {
      const spent = await cpuOver(node.process.pid ?? 0, () => Promise.all(nodes.map((n, i) => loadCount(n.url, requests[i] as LoadRequest, share))));
      return { ns: spent.ns, failed: spent.value.reduce((sum, result) => sum + result.failed, 0) };
    }
    const spent = await cpuOver(node.process.pid ?? 0, () => measure(index + 1));
    return { ns: spent.ns + spent.value.ns, failed: spent.value.failed };
  };
  const { ns, failed } = await measure(0);
  return { us: ns / 1000 / (share * nodes.length), failed };
}

/** Requests per second of the loads alone (no CPU readings around them). */
async function throughput(nodes: readonly Child[], requests: readonly LoadRequest[], total: number): Promise<number> {
  const share = Math.floor(total / nodes.length);
  const started = performance.now();
  const results = await Promise.all(nodes.map((node, i) => loadCount(node.url, requests[i] as LoadRequest, share)));
  const seconds = (performance.now() - started) / 1000;
  return results.reduce((sum, result) => sum + result.requestsPerSecond * result.seconds, 0) / seconds;
}

export async function benchNodes(log: (line: string) => void): Promise<readonly NodesFigure[] | undefined> {
  const adminUrl = process.env['BENCH_POSTGRES_URL'] ?? process.env['IAMLAB_TEST_POSTGRES_URL'];
  if (adminUrl === undefined) {
    log('  SKIPPED: set BENCH_POSTGRES_URL (or IAMLAB_TEST_POSTGRES_URL) to a PostgreSQL server where a database may be created');
    return undefined;
  }
  const database = await createDatabase(adminUrl, 'bench_nodes');
  const nodes: Child[] = [];
  try {
    for (const name of ['a', 'b']) {
      const node = await startLabProcess(undefined, { IAMLAB_STORE: database.url, IAMLAB_NODE: `bench-${name}` });
      nodes.push(node);
      await waitForHealth(node.url);
    }
    const [a, b] = nodes as [Child, Child];
    const user = await userWithPolicy(a.url);
    const paths: readonly { name: string; make: (url: string) => Promise<LoadRequest> }[] = [
      {
        name: 'sts:GetCallerIdentity, root keys',
        make: (url) => signedQueryRequest(url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', BENCH_KEYS),
      },
      {
        name: 'iam:GetRole by a user with one inline policy',
        make: (url) => signedQueryRequest(url, 'iam', 'Action=GetRole&Version=2010-05-08&RoleName=bench-role', user),
      },
    ];
    const figures: NodesFigure[] = [];
    for (const path of paths) {
      const requests = [await path.make(a.url), await path.make(b.url)];
      // Warm both nodes up (JIT, derived keys, prepared statements).
      await Promise.all([loadCount(a.url, requests[0] as LoadRequest, 2_000), loadCount(b.url, requests[1] as LoadRequest, 2_000)]);
      const one: Round[] = [];
      const two: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        for (const [side, used] of [
          [one, [a]],
          [two, [a, b]],
        ] as const) {
          const cpu = await cpuPerRequest(used, requests, REQUESTS);
          side.push({ usPerRequest: cpu.us, failed: cpu.failed, requestsPerSecond: await throughput(used, requests, REQUESTS) });
        }
        log(
          `  ${path.name}, round ${i + 1}: one node ${Math.round(one[i]?.requestsPerSecond ?? 0)} req/s, ${(one[i]?.usPerRequest ?? 0).toFixed(1)} µs; ` +
            `two nodes ${Math.round(two[i]?.requestsPerSecond ?? 0)} req/s, ${(two[i]?.usPerRequest ?? 0).toFixed(1)} µs`,
        );
      }
      figures.push({ path: path.name, one, two });
    }
    return figures;
  } finally {
    for (const node of nodes) await node.stop();
    await database.drop();
  }
}

export function nodesTable(figures: readonly NodesFigure[]): string[] {
  const lines = ['| path (PostgreSQL store) | one node | two nodes | two / one |', '|---|---|---|---|'];
  for (const { path, one, two } of figures) {
    const failed = [...one, ...two].reduce((sum, r) => sum + r.failed, 0);
    const rate = (rounds: readonly Round[]): number => median(rounds.map((r) => r.requestsPerSecond));
    const cpu = (rounds: readonly Round[]): number => median(rounds.map((r) => r.usPerRequest));
    const ratios = two.map((r, i) => r.requestsPerSecond / (one[i]?.requestsPerSecond ?? Number.NaN));
    lines.push(
      `| ${path} | ${Math.round(rate(one)).toLocaleString('en-US')} req/s, ${cpu(one).toFixed(0)} µs CPU | ` +
        `${Math.round(rate(two)).toLocaleString('en-US')} req/s, ${cpu(two).toFixed(0)} µs CPU | ${median(ratios).toFixed(2)} [${ratios.map((r) => r.toFixed(2)).join(' ')}]${failed > 0 ? `, ${failed} FAILED` : ''} |`,
    );
  }
  return lines;
}
