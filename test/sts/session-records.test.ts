/**
 * The session records (store/repos/sessions-repo.ts) stay bounded (services/identity/session-retention.ts):
 * beyond the bound the records that expire first go, in the background; records an older lab keyed by access
 * key id go at the first trim; and a session's key id carries its account, so nothing needs its record.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SessionOpener } from '../../src/auth/session-opener.js';
import { IdSource, seededRandom } from '../../src/ids/id-source.js';
import { SessionIssuer } from '../../src/services/identity/session-issuer.js';
import { SessionRetention } from '../../src/services/identity/session-retention.js';
import { accountOfKeyId } from '../../src/services/sts/index.js';
import type { Store } from '../../src/store/port.js';
import { SESSIONS_COLLECTION, sessionsRepo } from '../../src/store/repos/sessions-repo.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const ACCOUNT = '210987654321';
const T0 = Date.parse('2026-12-06T00:00:00Z');

describe('session records', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore({ memory: true });
  });
  afterEach(async () => {
    await store.close();
  });

  const issueMany = async (issuer: SessionIssuer, count: number, expiresMs: (i: number) => number): Promise<string[]> => {
    const keys: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const issued = await issuer.issue(
        { kind: 'session-token', account: ACCOUNT, subject: { type: 'root' }, issuedMs: T0, expiresMs: expiresMs(i) },
        `arn:aws:iam::${ACCOUNT}:root`,
      );
      keys.push(issued.accessKeyId);
    }
    return keys;
  };

  it('keeps at most the bound, removing the records that expire first, off the request path', async () => {
    const retention = new SessionRetention(store, { maxRecords: 100 });
    const issuer = new SessionIssuer(new SessionOpener(randomBytes(32)), new IdSource(seededRandom('records')), store, retention);
    // Expiries out of issue order: the ones that go are the earliest to expire, not the first issued.
    const keys = await issueMany(issuer, 350, (i) => T0 + 3_600_000 + ((i * 7919) % 350) * 1000);
    await retention.settled();
    const count = await store.transaction((tx) => sessionsRepo.count(tx));
    // A trim runs every 100 issues here: the bound is passed by at most that many between trims.
    assert.ok(count >= 100 && count <= 200, `${count} records`);
    assert.equal(await retention.trim(), count - 100);
    const kept = await store.transaction((tx) => sessionsRepo.list(tx));
    assert.equal(kept.length, 100);
    const expiries = keys.map((_, i) => T0 + 3_600_000 + ((i * 7919) % 350) * 1000).sort((a, b) => a - b);
    const cut = expiries[expiries.length - 100] as number;
    for (const record of kept) assert.ok(record.expiresMs >= cut, `kept a record expiring at ${record.expiresMs}, before ${cut}`);
    // Listed earliest expiry first.
    assert.deepEqual(
      kept.map((record) => record.expiresMs),
      kept.map((record) => record.expiresMs).sort((a, b) => a - b),
    );
  });

  it('counts the records only when the sessions issued since the last count may have passed the bound', async () => {
    // Counting reads the whole collection: a million records took ~400 ms of the event loop every 2,000 issues.
    let counts = 0;
    const counting = countingCounts(store, () => (counts += 1));
    const retention = new SessionRetention(counting, { maxRecords: 1000 });
    const issuer = new SessionIssuer(new SessionOpener(randomBytes(32)), new IdSource(seededRandom('counts')), store, retention);
    // A trim is due every 100 issues: the first counts, the next eight know there are at most 900.
    await issueMany(issuer, 950, (i) => T0 + 3_600_000 + i * 1000);
    await retention.settled();
    assert.equal(counts, 1);
    // Past the bound: counted again, and the records that expire first removed as before.
    await issueMany(issuer, 300, (i) => T0 + 7_200_000 + i * 1000);
    await retention.settled();
    assert.ok(counts >= 2 && counts <= 3, `${counts} counts`);
    const stored = await store.transaction((tx) => sessionsRepo.count(tx));
    assert.ok(stored >= 1000 && stored <= 1100, `${stored} records`);
    await retention.trim();
    assert.equal(await store.transaction((tx) => sessionsRepo.count(tx)), 1000);
  });

  it('with one writer, the tally stands in for the count: nine trims in ten count nothing, and the bound holds', async () => {
    let counts = 0;
    const counting = countingCounts(store, () => (counts += 1));
    const retention = new SessionRetention(counting, { maxRecords: 1000, soleWriter: true });
    const issuer = new SessionIssuer(new SessionOpener(randomBytes(32)), new IdSource(seededRandom('tally')), store, retention);
    await issueMany(issuer, 3200, (i) => T0 + 3_600_000 + ((i * 7919) % 3200) * 1000);
    await retention.settled();
    // Trims every 100 issues from the 1,100th: 22, of which the first and every tenth after it count.
    assert.ok(counts >= 2 && counts <= 4, `${counts} counts`);
    const stored = await store.transaction((tx) => sessionsRepo.count(tx));
    assert.ok(stored >= 1000 && stored <= 1100, `${stored} records`);
    await retention.trim();
    assert.equal(await store.transaction((tx) => sessionsRepo.count(tx)), 1000);
    // A reset empties the collection; told so, the tally starts again from none and removes nothing below the bound.
    await store.clear();
    retention.cleared();
    await issueMany(issuer, 900, (i) => T0 + 3_600_000 + i * 1000);
    await retention.settled();
    assert.equal(await store.transaction((tx) => sessionsRepo.count(tx)), 900);
  });

  it("removes an older lab's records, keyed by access key id alone, at the first trim", async () => {
    const issuer = new SessionIssuer(new SessionOpener(randomBytes(32)), new IdSource(seededRandom('old')), store);
    await issueMany(issuer, 50, (i) => T0 + i * 1000);
    await store.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await tx.put(SESSIONS_COLLECTION, `ASIAOLDSESSION${String(i).padStart(6, '0')}`, { accessKeyId: 'old' });
    });
    const retention = new SessionRetention(store, { maxRecords: 100 });
    assert.equal(await retention.trim(), 30);
    assert.equal(await store.transaction((tx) => tx.count(SESSIONS_COLLECTION)), 50);
  });

  it('a removed record still tells its account: the key id carries it', async () => {
    const retention = new SessionRetention(store, { maxRecords: 100 });
    const issuer = new SessionIssuer(new SessionOpener(randomBytes(32)), new IdSource(seededRandom('account')), store, retention);
    const [first] = await issueMany(issuer, 201, (i) => T0 + i * 1000);
    await retention.settled();
    await retention.trim();
    const kept = await store.transaction((tx) => sessionsRepo.list(tx));
    assert.equal(kept.length, 100);
    assert.ok(!kept.some((record) => record.accessKeyId === first));
    assert.equal(accountOfKeyId(first as string), ACCOUNT);
  });
});

/** `store`, calling `counted` whenever a transaction counts a collection. */
function countingCounts(store: Store, counted: () => void): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property !== 'transaction') return (Reflect.get(target, property) as (...args: unknown[]) => unknown).bind(target);
      return (fn: Parameters<Store['transaction']>[0]) =>
        target.transaction((tx) =>
          fn(
            new Proxy(tx, {
              get(inner, name) {
                if (name === 'count') counted();
                return (Reflect.get(inner, name) as (...args: unknown[]) => unknown).bind(inner);
              },
            }),
          ),
        );
    },
  });
}
