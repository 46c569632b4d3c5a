/** Store contract: transaction guarantees (atomicity, isolation, ordering, misuse). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../../src/store/port.js';
import { C, event, nextTurn, withStore, type Open } from './contract-helpers.js';

export function registerTransactionTests(open: Open): void {
  test('transaction resolves to what fn returns', () =>
    withStore(open, async (store) => {
      assert.deepEqual(await store.transaction(async () => ({ answer: 42 })), { answer: 42 });
    }));

  test('a transaction whose fn throws writes nothing and rethrows the same error', () =>
    withStore(open, async (store) => {
      await store.transaction((tx) => tx.put(C, 'kept', 'old'));
      const failure = new Error('boom');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.put(C, 'kept', 'new');
          await tx.put(C, 'added', 1);
          await tx.delete(C, 'kept');
          await tx.put('other', 'x', 1);
          throw failure;
        }),
        (error) => error === failure,
      );
      await store.transaction(async (tx) => {
        assert.equal(await tx.get(C, 'kept'), 'old');
        assert.equal(await tx.get(C, 'added'), undefined);
        assert.equal(await tx.count('other'), 0);
      });
    }));

  test('reads inside a transaction see its own writes', () =>
    withStore(open, async (store) => {
      await store.transaction((tx) => tx.put(C, 'gone', 0));
      await store.transaction(async (tx) => {
        await tx.put(C, 'k', { v: 1 });
        assert.deepEqual(await tx.get(C, 'k'), { v: 1 });
        assert.equal(await tx.insert(C, 'k', { v: 2 }), false);
        assert.equal(await tx.delete(C, 'gone'), true);
        assert.equal(await tx.get(C, 'gone'), undefined);
        assert.deepEqual(await tx.list(C), [{ key: 'k', value: { v: 1 } }]);
        assert.equal(await tx.count(C), 1);
      });
    }));

  test('tx methods called without awaiting each other take effect in call order', () =>
    withStore(open, async (store) => {
      const results = await store.transaction((tx) =>
        Promise.all([tx.put(C, 'a', 1), tx.get(C, 'a'), tx.put(C, 'a', 2), tx.get(C, 'a'), tx.count(C)]),
      );
      assert.deepEqual(results, [undefined, 1, undefined, 2, 1]);
    }));

  test('50 concurrent read-modify-write transactions on one counter end at exactly 50', () =>
    withStore(open, async (store) => {
      await store.transaction((tx) => tx.put(C, 'counter', 0));
      await Promise.all(
        Array.from({ length: 50 }, () =>
          store.transaction(async (tx) => {
            const current = (await tx.get<number>(C, 'counter')) ?? 0;
            // Give every other transaction the chance to interleave between the read and the write.
            await nextTurn();
            await tx.put(C, 'counter', current + 1);
          }),
        ),
      );
      assert.equal(await store.transaction((tx) => tx.get(C, 'counter')), 50);
    }));

  test('a transaction never sees another one half done', () =>
    withStore(open, async (store) => {
      await store.transaction(async (tx) => {
        await tx.put(C, 'a', 0);
        await tx.put(C, 'b', 0);
      });
      // Writers move one unit from a to b; readers must always see a + b = 0.
      const writers = Array.from({ length: 10 }, () =>
        store.transaction(async (tx) => {
          await tx.put(C, 'a', ((await tx.get<number>(C, 'a')) ?? 0) - 1);
          await nextTurn();
          await tx.put(C, 'b', ((await tx.get<number>(C, 'b')) ?? 0) + 1);
        }),
      );
      const readers = Array.from({ length: 10 }, () =>
        store.transaction(async (tx) => ((await tx.get<number>(C, 'a')) ?? 0) + ((await tx.get<number>(C, 'b')) ?? 0)),
      );
      const [, sums] = await Promise.all([Promise.all(writers), Promise.all(readers)]);
      assert.deepEqual(
        sums,
        Array.from({ length: 10 }, () => 0),
      );
      assert.equal(await store.transaction((tx) => tx.get(C, 'b')), 10);
    }));

  test('a failed transaction does not disturb the ones queued behind it', () =>
    withStore(open, async (store) => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.put(C, `k${i}`, i);
            if (i % 2 === 1) throw new Error(`fail ${i}`);
            return i;
          }),
        ),
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected'],
      );
      assert.deepEqual(
        (await store.transaction((tx) => tx.list(C))).map((e) => e.key),
        ['k0', 'k2', 'k4'],
      );
    }));

  test('a tx used after its transaction ended is refused', () =>
    withStore(open, async (store) => {
      let leaked: { put: (c: string, k: string, v: Json) => Promise<void> } | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
      });
      assert.ok(leaked !== undefined);
      await assert.rejects(leaked.put(C, 'late', 1), /transaction already finished/);
      assert.equal(await store.transaction((tx) => tx.get(C, 'late')), undefined);
    }));

  test('using the store from inside its own transaction fails instead of deadlocking', () =>
    withStore(open, async (store) => {
      await assert.rejects(
        store.transaction(() => store.transaction((tx) => tx.put(C, 'inner', 1))),
        /inside a transaction of the same store/,
      );
      await assert.rejects(
        store.transaction(() => store.appendEvents([event({ requestId: 'r' })])),
        /inside a transaction of the same store/,
      );
      assert.equal(await store.transaction((tx) => tx.get(C, 'inner')), undefined);
    }));
}
