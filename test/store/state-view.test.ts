/**
 * The one state-view mechanism (store/state-view.ts): commit then apply, nothing applied when the plan or the
 * store refuses, writes committed elsewhere applied the same way, derived views in step, and a change
 * listener that throws reported with its change and request id while the lab carries on.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from '../../src/store/port.js';
import type { ListenerFailure, ViewSpec } from '../../src/store/state-view.js';
import { StateView } from '../../src/store/state-view.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

type Write = { readonly key: string; readonly value: number };
type Change = { readonly type: 'set'; readonly key: string } | { readonly type: 'reloaded' };

const SPEC: ViewSpec<Map<string, number>, Write> = {
  name: 'TEST',
  read: async (tx) => new Map((await tx.list<number>('numbers')).map((entry) => [entry.key, entry.value])),
  write: async (tx, writes) => {
    for (const write of writes) await tx.put('numbers', write.key, write.value);
  },
  apply: (data, writes) => {
    for (const write of writes) data.set(write.key, write.value);
  },
};

describe('StateView', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore({ memory: true });
  });
  afterEach(async () => {
    await store.close();
  });

  const set = (key: string, value: number): { writes: Write[]; events: Change[]; result: number } => ({
    writes: [{ key, value }],
    events: [{ type: 'set', key }],
    result: value,
  });

  it('commits a plan to the store, then applies it to memory and to derived views', async () => {
    const view = await StateView.load<Map<string, number>, Write, Change>(store, SPEC);
    const derived: string[] = [];
    view.derive({
      loaded: (data) => derived.push(`loaded ${data.size}`),
      applied: (writes) => derived.push(...writes.map((w) => `applied ${w.key}`)),
    });
    assert.equal(await view.mutate(() => set('a', 1)), 1);
    assert.equal(view.data.get('a'), 1);
    assert.equal(await store.transaction((tx) => tx.get<number>('numbers', 'a')), 1);
    await view.reload();
    assert.deepEqual(derived, ['loaded 0', 'applied a', 'loaded 1']);
  });

  it('applies nothing when the plan refuses or the store fails', async () => {
    const view = await StateView.load<Map<string, number>, Write, Change>(store, SPEC);
    await assert.rejects(
      view.mutate(() => Promise.reject(new Error('refused'))),
      /refused/,
    );
    assert.equal(view.data.size, 0);
    const down = await StateView.load<Map<string, number>, Write, Change>(store, { ...SPEC, write: () => Promise.reject(new Error('store down')) });
    await assert.rejects(
      down.mutate(() => set('b', 2)),
      /store down/,
    );
    assert.equal(down.data.has('b'), false);
    assert.equal(await store.transaction((tx) => tx.get<number>('numbers', 'b')), undefined);
  });

  it('runs mutations one at a time', async () => {
    const view = await StateView.load<Map<string, number>, Write, Change>(store, SPEC);
    // Each plan reads the value the one before it committed: no lost update.
    await Promise.all(Array.from({ length: 20 }, () => view.mutate(async (data) => set('n', (data.get('n') ?? 0) + 1))));
    assert.equal(view.data.get('n'), 20);
    assert.equal(await store.transaction((tx) => tx.get<number>('numbers', 'n')), 20);
  });

  it('a listener that throws is reported with the change and the request id; the mutation succeeds', async () => {
    const failures: ListenerFailure<Change>[] = [];
    const view = await StateView.load<Map<string, number>, Write, Change>(store, SPEC, { onListenerError: (failure) => failures.push(failure) });
    const heard: Change[] = [];
    view.onChange(() => {
      throw new Error('listener bug');
    });
    view.onChange(async (change) => {
      await Promise.resolve();
      heard.push(change);
    });
    assert.equal(await view.mutate(() => set('c', 3), 'req-42'), 3);
    assert.equal(view.data.get('c'), 3);
    // The next listener still heard the change.
    assert.deepEqual(heard, [{ type: 'set', key: 'c' }]);
    assert.equal(failures.length, 1);
    assert.deepEqual(failures[0]?.change, { type: 'set', key: 'c' });
    assert.equal(failures[0]?.requestId, 'req-42');
    assert.equal(failures[0]?.view, 'TEST');
    assert.match(String(failures[0]?.error), /listener bug/);
    // And the process is still here to run the next one.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await view.mutate(() => set('d', 4)), 4);
  });
});
