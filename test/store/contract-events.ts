/** Store contract: the event log, clear and close. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json, NewEvent } from '../../src/store/port.js';
import { C, event, nextTurn, withStore, type ContractOptions, type Open } from './contract-helpers.js';

export function registerEventTests(open: Open): void {
  const sample = (): NewEvent[] => [
    event({ requestId: 'r1', timeMs: 1000 }),
    event({ requestId: 'r2', timeMs: 2000, decision: 'ImplicitlyDenied', errorCode: 'AccessDenied' }),
    event({ requestId: 'r3', timeMs: 3000, principalArn: 'arn:aws:iam::123456789012:role/bob', decision: 'ExplicitlyDenied' }),
    event({ requestId: 'r4', timeMs: 4000, principalArn: null, action: null, decision: null, errorCode: 'SignatureDoesNotMatch' }),
    event({ requestId: 'r5', timeMs: 5000, errorCode: 'NoSuchEntity' }),
    event({ requestId: 'r1', timeMs: 6000, principalArn: null, decision: null }),
    event({ requestId: 'r7', timeMs: 7000, body: { nested: { b: 1, a: [2, 'x'] }, z: null } }),
  ];
  const ids = (events: readonly { requestId: string; timeMs: number }[]): string[] => events.map((e) => `${e.requestId}@${e.timeMs}`);

  test('appendEvents stores events with increasing seqs and queryEvents returns them oldest first', () =>
    withStore(open, async (store) => {
      await store.appendEvents(sample().slice(0, 3));
      await store.appendEvents([]);
      await store.appendEvents(sample().slice(3));
      const all = await store.queryEvents({});
      assert.equal(all.length, 7);
      for (let i = 1; i < all.length; i++) assert.ok((all[i]?.seq ?? 0) > (all[i - 1]?.seq ?? 0));
      assert.deepEqual(
        all.map(({ seq: _seq, ...rest }) => rest),
        sample(),
      );
      assert.equal(JSON.stringify(all[6]?.body), JSON.stringify(sample()[6]?.body));
    }));

  test('queryEvents filters by afterSeq, requestId, principalArn, with newestFirst and limit', () =>
    withStore(open, async (store) => {
      await store.appendEvents(sample());
      const all = await store.queryEvents({});
      const third = all[2]?.seq ?? 0;
      assert.deepEqual(ids(await store.queryEvents({ afterSeq: third })), ['r4@4000', 'r5@5000', 'r1@6000', 'r7@7000']);
      assert.deepEqual(ids(await store.queryEvents({ requestId: 'r1' })), ['r1@1000', 'r1@6000']);
      assert.deepEqual(ids(await store.queryEvents({ principalArn: 'arn:aws:iam::123456789012:role/bob' })), ['r3@3000']);
      assert.deepEqual(ids(await store.queryEvents({ newestFirst: true, limit: 2 })), ['r7@7000', 'r1@6000']);
      assert.deepEqual(ids(await store.queryEvents({ limit: 2 })), ['r1@1000', 'r2@2000']);
      assert.deepEqual(ids(await store.queryEvents({ limit: 0 })), []);
      assert.deepEqual(
        ids(await store.queryEvents({ principalArn: 'arn:aws:iam::123456789012:user/alice', afterSeq: all[0]?.seq ?? 0, newestFirst: true })),
        ['r7@7000', 'r5@5000', 'r2@2000'],
      );
      assert.deepEqual(ids(await store.queryEvents({ requestId: 'nope' })), []);
    }));

  test('queryEvents pages newest first with beforeSeq and bounds virtual time with fromTimeMs and toTimeMs', () =>
    withStore(open, async (store) => {
      await store.appendEvents(sample());
      const all = await store.queryEvents({});
      const fifth = all[4]?.seq ?? 0;
      assert.deepEqual(ids(await store.queryEvents({ beforeSeq: fifth, newestFirst: true, limit: 2 })), ['r4@4000', 'r3@3000']);
      assert.deepEqual(ids(await store.queryEvents({ fromTimeMs: 3000, toTimeMs: 5000 })), ['r3@3000', 'r4@4000', 'r5@5000']);
      assert.deepEqual(ids(await store.queryEvents({ fromTimeMs: 6000 })), ['r1@6000', 'r7@7000']);
      assert.deepEqual(ids(await store.queryEvents({ toTimeMs: 1999, newestFirst: true })), ['r1@1000']);
      assert.deepEqual(ids(await store.queryEvents({ beforeSeq: fifth, fromTimeMs: 2000, toTimeMs: 7000, requestId: 'r3', newestFirst: true })), [
        'r3@3000',
      ]);
      assert.deepEqual(ids(await store.queryEvents({ fromTimeMs: -5, toTimeMs: 0 })), []);
      await assert.rejects(store.queryEvents({ beforeSeq: -1 }), /beforeSeq must be a non-negative integer/);
      await assert.rejects(store.queryEvents({ fromTimeMs: 1.5 }), /fromTimeMs must be an integer/);
    }));

  test('deniedOnly keeps events not Allowed (including no decision) or carrying an error code', () =>
    withStore(open, async (store) => {
      await store.appendEvents(sample());
      assert.deepEqual(ids(await store.queryEvents({ deniedOnly: true })), ['r2@2000', 'r3@3000', 'r4@4000', 'r5@5000', 'r1@6000']);
      assert.deepEqual(ids(await store.queryEvents({ deniedOnly: false })).length, 7);
      assert.deepEqual(
        ids(await store.queryEvents({ deniedOnly: true, principalArn: 'arn:aws:iam::123456789012:user/alice', newestFirst: true, limit: 1 })),
        ['r5@5000'],
      );
    }));

  test('pruneEvents keeps the newest events and reports how many it removed', () =>
    withStore(open, async (store) => {
      await store.appendEvents(sample());
      assert.equal(await store.pruneEvents(100), 0);
      assert.equal(await store.pruneEvents(3), 4);
      assert.deepEqual(ids(await store.queryEvents({})), ['r5@5000', 'r1@6000', 'r7@7000']);
      assert.equal(await store.pruneEvents(3), 0);
      assert.equal(await store.pruneEvents(0), 3);
      assert.deepEqual(await store.queryEvents({}), []);
      assert.equal(await store.pruneEvents(0), 0);
      await assert.rejects(store.pruneEvents(-1), /maxEvents must be a non-negative integer/);
    }));

  test('pruneEvents counts events read before and appended since alike, wherever its cut falls', () =>
    withStore(open, async (store) => {
      const named = (from: number, to: number): NewEvent[] =>
        Array.from({ length: to - from }, (_, i) => event({ requestId: `e${from + i}`, timeMs: from + i }));
      await store.appendEvents(named(0, 3));
      assert.equal((await store.queryEvents({})).length, 3);
      await store.appendEvents(named(3, 6));
      await store.appendEvents(named(6, 8));
      // The newest three: the last two appended and one of the three before them.
      assert.equal(await store.pruneEvents(3), 5);
      await store.appendEvents(named(8, 9));
      assert.equal(await store.pruneEvents(3), 1);
      const kept = await store.queryEvents({});
      assert.deepEqual(
        kept.map((e) => e.requestId),
        ['e6', 'e7', 'e8'],
      );
      for (let i = 1; i < kept.length; i++) assert.ok((kept[i]?.seq ?? 0) > (kept[i - 1]?.seq ?? 0));
    }));

  test('pruneEvents with maxBytes keeps the newest events that fit in that size, wherever its cut falls', () =>
    withStore(open, async (store) => {
      // Each event is about 2,300 bytes stored (its 2,000-character body, its columns, the per-row cost).
      const padded = (from: number, to: number): NewEvent[] =>
        Array.from({ length: to - from }, (_, i) => event({ requestId: `b${from + i}`, timeMs: from + i, body: { pad: 'x'.repeat(2000) } }));
      await store.appendEvents(padded(0, 10));
      assert.equal((await store.queryEvents({})).length, 10); // now rows
      assert.equal(await store.pruneEvents(100, 7 * 2300), 3, 'a cut among rows');
      assert.deepEqual(
        (await store.queryEvents({})).map((e) => e.requestId),
        ['b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9'],
      );
      await store.appendEvents(padded(10, 20)); // a pending batch on SQLite
      assert.equal(await store.pruneEvents(100, 4.5 * 2300), 13, 'a cut inside the newest append');
      assert.deepEqual(
        (await store.queryEvents({})).map((e) => e.requestId),
        ['b16', 'b17', 'b18', 'b19'],
      );
      assert.equal(await store.pruneEvents(100, 4.5 * 2300), 0, 'nothing more once within the bound');
      await store.appendEvents(padded(20, 21));
      assert.equal(await store.pruneEvents(100, 4.5 * 2300), 1, 'the bound holds for what is appended later');
      await assert.rejects(store.pruneEvents(10, -1), /maxBytes must be a non-negative integer/);
    }));

  test('events that cannot be stored are rejected and none of the batch is written', () =>
    withStore(open, async (store) => {
      await assert.rejects(
        store.appendEvents([event({ requestId: 'ok' }), event({ requestId: 'bad', body: { x: undefined } as unknown as Json })]),
        /event body is not a JSON value/,
      );
      await assert.rejects(store.appendEvents([event({ requestId: 'bad', timeMs: NaN })]), /timeMs must be an integer/);
      await assert.rejects(store.queryEvents({ limit: -5 }), /limit must be a non-negative integer/);
      assert.deepEqual(await store.queryEvents({}), []);
    }));

  test('a large batch of events keeps its order', () =>
    withStore(open, async (store) => {
      const batch = Array.from({ length: 2000 }, (_, i) => event({ requestId: `r${i}`, timeMs: i }));
      await store.appendEvents(batch);
      const stored = await store.queryEvents({});
      assert.deepEqual(
        stored.map((e) => e.timeMs),
        batch.map((e) => e.timeMs),
      );
    }));
}

export function registerLifecycleTests(open: Open, options: ContractOptions): void {
  test('kind names the implementation', () =>
    withStore(open, async (store) => {
      assert.ok(store.kind === 'sqlite' || store.kind === 'postgres');
    }));

  test('clear removes every entry and event, and seqs are not reused afterwards', () =>
    withStore(open, async (store) => {
      await store.transaction(async (tx) => {
        await tx.put('a', '1', 1);
        await tx.put('b', '2', 2);
      });
      await store.appendEvents([event({ requestId: 'r1' }), event({ requestId: 'r2' })]);
      const lastSeq = (await store.queryEvents({ newestFirst: true, limit: 1 }))[0]?.seq ?? 0;
      await store.clear();
      await store.transaction(async (tx) => {
        assert.equal(await tx.count('a'), 0);
        assert.equal(await tx.count('b'), 0);
      });
      assert.deepEqual(await store.queryEvents({}), []);
      await store.appendEvents([event({ requestId: 'r3' })]);
      const [after] = await store.queryEvents({});
      assert.ok((after?.seq ?? 0) > lastSeq, 'a follower holding the old seq still sees new events');
    }));

  test('a closed store refuses work, and closing twice is harmless', async () => {
    const store = await open();
    await store.close();
    await store.close();
    await assert.rejects(
      store.transaction(async () => 1),
      /closed store/,
    );
    await assert.rejects(store.queryEvents({}), /closed store/);
  });

  test('close waits for a running transaction to finish', async () => {
    const store = await open();
    await store.clear();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = store.transaction(async (tx) => {
      await gate;
      await tx.put(C, 'k', 'written');
      return 'done';
    });
    await nextTurn();
    const closing = store.close();
    release();
    assert.equal(await running, 'done');
    await closing;
    if (options.persistent === true) {
      const again = await open();
      try {
        assert.equal(await again.transaction((tx) => tx.get(C, 'k')), 'written');
      } finally {
        await again.close();
      }
    }
  });

  if (options.persistent === true) {
    test('data outlives close and reopen', async () => {
      const first = await open();
      await first.clear();
      await first.transaction((tx) => tx.put(C, 'k', { kept: true }));
      await first.appendEvents([event({ requestId: 'kept' })]);
      await first.close();
      const second = await open();
      try {
        assert.deepEqual(await second.transaction((tx) => tx.get(C, 'k')), { kept: true });
        assert.deepEqual(
          (await second.queryEvents({})).map((e) => e.requestId),
          ['kept'],
        );
      } finally {
        await second.close();
      }
    });
  }
}
