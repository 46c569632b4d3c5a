/**
 * PostgreSQL restarted under a load spread over two nodes of one lab (issues "Nothing takes the lab down" and
 * "One lab on many nodes"): the nodes stay up, answer only their own envelopes meanwhile (200s, and 503
 * `ServiceUnavailable` while the database is away), serve again by themselves, every write they acknowledged
 * is in the database afterwards, and each node sees every write acknowledged by either.
 *
 * This test owns the step of restarting the machine's PostgreSQL, so it runs only where it may: with
 * IAMLAB_TEST_POSTGRES_URL set (CI sets it), as root, with Debian's `pg_ctlcluster`. Test files run one at
 * a time (`node --test` on two cores), so no other test is using the server while it restarts.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import pg from 'pg';
import { signedPost, xmlText } from '../support/sign.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';
import { startNodes, stopNodes } from '../multinode/nodes.js';
import { createDatabase } from '../support/postgres-database.js';

const ADMIN_URL = process.env['IAMLAB_TEST_POSTGRES_URL'];

function cannotRestart(): string | undefined {
  if (ADMIN_URL === undefined) return 'SKIPPED: IAMLAB_TEST_POSTGRES_URL is not set (CI sets it: see .ci/run)';
  if (process.getuid?.() !== 0) return 'SKIPPED: restarting PostgreSQL needs root (CI runs as root)';
  if (spawnSync('pg_ctlcluster', ['--help']).error !== undefined || !existsSync('/etc/postgresql'))
    return 'SKIPPED: no pg_ctlcluster on this machine';
  return undefined;
}

function restartPostgres(): void {
  const version =
    readdirSync('/etc/postgresql')
      .sort((a, b) => Number(a) - Number(b))
      .at(-1) ?? '';
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '--', '-m', 'fast'], { stdio: 'ignore', timeout: 60_000 });
}

async function waitForPostgres(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error('PostgreSQL did not come back within 30 s');
}

/** How long a node may keep answering 503 after PostgreSQL is back: its backoff (at most 5 s) and a margin. */
const RECOVERY_BOUND_MS = 10_000;

/**
 * Every user name the lab lists, page by page. A node whose last call failed waits out its backoff before it
 * tries PostgreSQL again, answering 503 meanwhile: a page is asked again until the bound.
 */
async function listUserNames(lab: TestLab): Promise<Set<string | undefined>> {
  const keys = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
  const names = new Set<string | undefined>();
  let marker: string | undefined;
  const until = Date.now() + RECOVERY_BOUND_MS;
  do {
    const page = `Action=ListUsers&Version=2010-05-08&MaxItems=1000${marker === undefined ? '' : `&Marker=${encodeURIComponent(marker)}`}`;
    let listed = await signedPost({ endpoint: lab.endpoint, service: 'iam', ...keys, body: page });
    while (listed.status === 503 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = await signedPost({ endpoint: lab.endpoint, service: 'iam', ...keys, body: page });
    }
    assert.equal(listed.status, 200, listed.text);
    for (const m of listed.text.matchAll(/<UserName>([^<]+)<\/UserName>/g)) names.add(m[1]);
    marker = xmlText(listed.text, 'IsTruncated') === 'true' ? xmlText(listed.text, 'Marker') : undefined;
  } while (marker !== undefined);
  return names;
}

describe('PostgreSQL restarted under load', () => {
  it('keeps two nodes up, answers 503 in the envelope meanwhile, recovers, and loses nothing acknowledged', async (t) => {
    const skip = cannotRestart();
    if (skip !== undefined) return t.skip(skip);
    const adminUrl = ADMIN_URL as string;
    const database = await createDatabase(adminUrl, 'restart');
    try {
      const nodes = await startNodes(database.url, 2);
      const [first] = nodes as [TestLab, TestLab];
      const keys = { accessKeyId: first.rootAccessKeyId, secretAccessKey: first.rootSecretAccessKey };
      const acknowledged: string[] = [];
      const statuses = new Map<string, number>();
      let next = 0;
      let stop = false;
      const worker = async (_: unknown, index: number): Promise<void> => {
        const node = nodes[index % nodes.length] as TestLab;
        while (!stop) {
          const name = `restart-user-${next++}`;
          const response = await signedPost({
            endpoint: node.endpoint,
            service: 'iam',
            ...keys,
            body: `Action=CreateUser&Version=2010-05-08&UserName=${name}`,
          });
          const code = response.status === 200 ? 'ok' : (xmlText(response.text, 'Code') ?? `no envelope: ${response.text.slice(0, 80)}`);
          statuses.set(`${response.status} ${code}`, (statuses.get(`${response.status} ${code}`) ?? 0) + 1);
          if (response.status === 200) acknowledged.push(name);
          else await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      try {
        const workers = Array.from({ length: 4 }, worker);
        // Two restarts in `npm test`; IAMLAB_TEST_POSTGRES_RESTARTS asks for more (the issue's check: five).
        const rounds = Number(process.env['IAMLAB_TEST_POSTGRES_RESTARTS'] ?? 2);
        for (let round = 0; round < rounds; round++) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          restartPostgres();
          await waitForPostgres(adminUrl);
          // Served again by itself: a fresh request succeeds within the backoff's bound (5 s).
          const before = acknowledged.length;
          for (let waited = 0; acknowledged.length === before && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
          assert.ok(
            acknowledged.length > before,
            `round ${round}: the lab serves writes again after PostgreSQL came back (${JSON.stringify([...statuses])})`,
          );
        }
        stop = true;
        await Promise.all(workers);
        for (const key of statuses.keys()) {
          assert.ok(
            key === '200 ok' || key === '503 ServiceUnavailable',
            `only 200 and 503 ServiceUnavailable while PostgreSQL restarts, got ${key}: ${JSON.stringify([...statuses])}`,
          );
        }
        assert.ok(acknowledged.length > 0);
        // Both nodes came back to the lab's state by themselves: each lists every user either acknowledged.
        for (const node of nodes) {
          const listed = await listUserNames(node);
          const missing = acknowledged.filter((name) => !listed.has(name));
          assert.deepEqual(missing, [], `${node.endpoint} misses users acknowledged before the restarts`);
        }
      } finally {
        stop = true;
        await stopNodes(nodes);
      }

      // Every acknowledged user is in the database: a new lab process on it finds each one.
      const again = await startTestLab({ store: database.url });
      try {
        const names = await listUserNames(again);
        const lost = acknowledged.filter((name) => !names.has(name));
        assert.deepEqual(lost, [], `acknowledged users missing after the restarts (${acknowledged.length} acknowledged)`);
      } finally {
        await again.dispose();
      }
    } finally {
      await database.drop();
    }
  });
});
