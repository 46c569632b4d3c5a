/**
 * One node's place in the lab's change feed (store/lab-sync.ts), against a feed this test controls: a mutation
 * applies what other nodes committed before it decides; a barrier waits for a head read that started after it was
 * called, and concurrent barriers share reads; a node whose missed changes were pruned, or whose notification
 * connection was lost, reloads and continues from the head; views on a shared store decide on the feed's state.
 * The multi-node end-to-end tests (test/multinode/) run the same against PostgreSQL.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LabSync } from '../../src/store/lab-sync.js';
import type { ChangeFeed, FeedChange, Json, Store, Tx } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { StateView } from '../../src/store/state-view.js';
import type { ViewSpec } from '../../src/store/state-view.js';

/** A feed in memory: other nodes' commits are `commitElsewhere`; head reads can be held to order events. */
class TestFeed implements ChangeFeed {
  readonly changes: FeedChange[] = [];
  /** Changes at or below this seq are no longer kept. */
  pruned = 0;
  headReads = 0;
  /** While set, head reads wait for it (a slow round trip to the database). */
  gate: Promise<void> | undefined;
  onChange: ((seq: number) => void) | undefined;
  onLost: ((error: unknown) => void) | undefined;
  listens = 0;

  async head(): Promise<number> {
    this.headReads++;
    const seen = this.changes.length;
    await this.gate;
    return seen;
  }

  async since(seq: number): Promise<FeedChange[] | undefined> {
    if (seq < this.pruned) return undefined;
    return this.changes.slice(seq);
  }

  async append(_tx: Tx, change: Omit<FeedChange, 'seq'>): Promise<number> {
    const seq = this.changes.length + 1;
    this.changes.push({ ...change, seq });
    return seq;
  }

  async listen(onChange: (seq: number) => void, onLost: (error: unknown) => void): Promise<() => Promise<void>> {
    this.listens++;
    this.onChange = onChange;
    this.onLost = onLost;
    return async () => {
      this.onChange = undefined;
    };
  }

  commitElsewhere(part: string, body: Json): number {
    const seq = this.changes.length + 1;
    this.changes.push({ seq, node: 'other', part, body });
    return seq;
  }
}

/** The SQLite store with the test feed: what LabSync needs of a shared store. */
function sharedStore(store: Store, feed: ChangeFeed): Store {
  return {
    kind: store.kind,
    changes: feed,
    transaction: (fn) => store.transaction(fn),
    appendEvents: (events) => store.appendEvents(events),
    queryEvents: (query) => store.queryEvents(query),
    pruneEvents: (max, bytes) => store.pruneEvents(max, bytes),
    clear: () => store.clear(),
    close: () => store.close(),
  };
}

type Write = { readonly key: string; readonly value: number };

const SPEC: ViewSpec<Map<string, number>, Write> = {
  name: 'NUMBERS',
  read: async (tx) => new Map((await tx.list<number>('numbers')).map((entry) => [entry.key, entry.value])),
  write: async (tx, writes) => {
    for (const write of writes) await tx.put('numbers', write.key, write.value);
  },
  apply: (data, writes) => {
    for (const write of writes) data.set(write.key, write.value);
  },
};

const batch = (key: string, value: number): Json => ({ writes: [{ key, value }], events: [] });

describe('LabSync', () => {
  let sqlite: Store;
  let feed: TestFeed;
  let store: Store;
  let reloads: number;
  let errors: string[];
  let sync: LabSync;

  beforeEach(async () => {
    sqlite = await openSqliteStore({ memory: true });
    feed = new TestFeed();
    store = sharedStore(sqlite, feed);
    reloads = 0;
    errors = [];
    sync = (await LabSync.open(store, {
      node: 'this',
      reloadAll: async () => {
        reloads++;
      },
      onError: (message) => errors.push(message),
    })) as LabSync;
    // Opening read the head once (where this node's memory starts); the tests count the reads after it.
    feed.headReads = 0;
  });
  afterEach(async () => {
    await sync.close();
    await sqlite.close();
  });

  it('is made only for a store that has a change feed', async () => {
    assert.equal(await LabSync.open(sqlite, { node: 'x', reloadAll: async () => undefined, onError: () => undefined }), undefined);
  });

  it('a view decides on what other nodes committed: their changes are applied before the plan runs', async () => {
    const view = await StateView.load<Map<string, number>, Write, never>(store, SPEC, { sync });
    feed.commitElsewhere('NUMBERS', batch('n', 41));
    const seen = await view.mutate((data) => ({ writes: [{ key: 'n', value: (data.get('n') ?? 0) + 1 }], result: data.get('n') }));
    assert.equal(seen, 41, 'the plan saw the other node’s write');
    assert.equal(view.data.get('n'), 42);
    assert.equal(sync.applied, 2, 'the node holds the other node’s change and its own');
    assert.deepEqual(
      feed.changes.map((change) => [change.seq, change.node, change.part]),
      [
        [1, 'other', 'NUMBERS'],
        [2, 'this', 'NUMBERS'],
      ],
    );
  });

  it('a mutation that writes nothing appends nothing; one that is refused appends nothing', async () => {
    const view = await StateView.load<Map<string, number>, Write, never>(store, SPEC, { sync });
    await view.mutate(() => ({ writes: [], result: undefined }));
    await assert.rejects(
      view.mutate(() => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(feed.changes.length, 0);
  });

  it('a barrier applies what was committed before it was called', async () => {
    const view = await StateView.load<Map<string, number>, Write, never>(store, SPEC, { sync });
    feed.commitElsewhere('NUMBERS', batch('a', 1));
    await sync.barrier();
    assert.equal(view.data.get('a'), 1);
  });

  it('a barrier called while a head read is under way waits for a read that starts after it', async () => {
    const view = await StateView.load<Map<string, number>, Write, never>(store, SPEC, { sync });
    let open = (): void => undefined;
    feed.gate = new Promise((resolve) => (open = resolve));
    const first = sync.barrier();
    // Committed elsewhere after the first read looked at the head, before the second barrier was called.
    await new Promise((resolve) => setImmediate(resolve));
    feed.commitElsewhere('NUMBERS', batch('late', 7));
    const second = sync.barrier();
    feed.gate = undefined;
    open();
    await first;
    await second;
    assert.equal(view.data.get('late'), 7, 'the second barrier saw the change committed before it was called');
    assert.equal(feed.headReads, 2);
  });

  it('concurrent barriers share head reads', async () => {
    let open = (): void => undefined;
    feed.gate = new Promise((resolve) => (open = resolve));
    const waiting = Array.from({ length: 50 }, () => sync.barrier());
    feed.gate = undefined;
    open();
    await Promise.all(waiting);
    assert.ok(feed.headReads <= 2, `50 barriers made ${feed.headReads} head reads`);
  });

  it('a node whose missed changes were pruned reloads everything and continues from the head', async () => {
    feed.commitElsewhere('NUMBERS', batch('x', 1));
    feed.commitElsewhere('NUMBERS', batch('x', 2));
    feed.pruned = 1;
    await sync.barrier();
    assert.equal(reloads, 1);
    assert.equal(sync.applied, 2);
  });

  it('a lost notification connection is listened to again and everything reloaded', async () => {
    await sync.listen();
    assert.equal(feed.listens, 1);
    feed.onLost?.(new Error('connection terminated'));
    const deadline = Date.now() + 5_000;
    while ((feed.listens < 2 || reloads < 1) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(feed.listens, 2);
    assert.equal(reloads, 1);
    assert.ok(errors.some((message) => message.includes('lost the connection')));
  });

  it('a notification catches the node up without a request', async () => {
    const view = await StateView.load<Map<string, number>, Write, never>(store, SPEC, { sync });
    await sync.listen();
    feed.onChange?.(feed.commitElsewhere('NUMBERS', batch('told', 3)));
    const deadline = Date.now() + 5_000;
    while (view.data.get('told') === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(view.data.get('told'), 3);
  });

  it('a change of a part this node does not know is reported and skipped', async () => {
    feed.commitElsewhere('FROM-A-NEWER-VERSION', null);
    await sync.barrier();
    assert.equal(sync.applied, 1);
    assert.ok(errors.some((message) => message.includes('FROM-A-NEWER-VERSION')));
  });
});
