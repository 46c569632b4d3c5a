/**
 * One node's part in a lab of several processes sharing one store (design.md "One lab on many nodes"). The
 * store's change feed (port.ts `ChangeFeed`) is the lab's history of in-memory state; this class keeps the
 * node's memory at a known place in it:
 *
 * - **Writes decide on the database's state.** `mutate` runs under the node's one mutex and inside a store
 *   transaction, which holds the store lock: it first applies every change other nodes committed, then the
 *   caller decides and writes, and its change joins the feed in the same transaction. No node can commit in
 *   between, so a unique name, a quota or a used MFA code is checked against everything committed before.
 * - **Read-your-writes across nodes.** `barrier` resolves once this node has applied every change committed
 *   before it was called: it reads the feed's head (one row) and catches up when behind. Concurrent callers
 *   share reads — a caller joins a read that starts after it arrived, never one already on its way.
 * - **Announcements.** Each committed change is announced (PostgreSQL `NOTIFY`); the node catches up when told,
 *   so that a metadata listener opens or a clock moves without waiting for a request. A lost notification
 *   connection is reported, listened to again with a backoff, and the node reloads everything meanwhile missed.
 * - **Reload.** A node further behind than the feed keeps, or after a lost connection or a store outage,
 *   reloads every part from the store (`reloadAll`), then continues from the head read before the reload;
 *   applying a change twice is harmless, because each carries whole records.
 *
 * Handlers apply a change to memory synchronously under the mutex; what they announce (listeners that open
 * metadata listeners, say, and may mutate in turn) runs after the mutex is released, in order.
 */
import { AsyncMutex } from '../lib/async-mutex.js';
import type { ChangeFeed, FeedChange, Json, Store, Tx } from './port.js';
import { StoreUnavailableError } from './store-unavailable.js';

/** The parts of the feed that are not state views: clock moves, and a reset of the whole lab. */
export const CLOCK_PART = 'clock';
export const RESET_PART = 'reset';

/** What runs after the mutex is released: the announcements of applied changes. */
type FollowUp = () => Promise<void>;

interface PartHandler {
  /** Applies a change another node committed; returns what to announce once the mutex is released. */
  apply(body: Json): FollowUp | undefined;
}

/** A change to record with a mutation. */
interface PartChange {
  readonly part: string;
  readonly body: Json;
}

interface LabSyncOptions {
  /** This node's name in the feed and in node-scoped records (metadata ports). */
  readonly node: string;
  /** Reads every part again from the store. */
  readonly reloadAll: () => Promise<void>;
  readonly onError: (message: string, error: unknown) => void;
}

const MIN_RELISTEN_MS = 100;
const MAX_RELISTEN_MS = 5_000;

const ignore = (): void => undefined;

export class LabSync {
  /** Every state view of this node mutates and applies under this one mutex. */
  readonly mutex = new AsyncMutex();
  readonly node: string;
  readonly #store: Store;
  readonly #feed: ChangeFeed;
  readonly #options: LabSyncOptions;
  readonly #parts = new Map<string, PartHandler>();
  /** The seq of the newest change this node's memory holds. */
  #applied: number;
  #inflight: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #catchUpQueued = false;
  #resyncing: Promise<void> | undefined;
  #stopListening: (() => Promise<void>) | undefined;
  #relistenTimer: NodeJS.Timeout | undefined;
  #relistenMs = 0;
  #closed = false;

  private constructor(store: Store, feed: ChangeFeed, head: number, options: LabSyncOptions) {
    this.#store = store;
    this.#feed = feed;
    this.#applied = head;
    this.#options = options;
    this.node = options.node;
  }

  /**
   * For a store several nodes may share; undefined otherwise. Call before loading anything: the head read now
   * is where this node's memory starts, and anything committed while it loads is applied again later.
   */
  static async open(store: Store, options: LabSyncOptions): Promise<LabSync | undefined> {
    if (store.changes === undefined) return undefined;
    return new LabSync(store, store.changes, await store.changes.head(), options);
  }

  /** The newest change this node has applied. */
  get applied(): number {
    return this.#applied;
  }

  /** How changes of `part` (a view's name, `clock`, `reset`) reach this node's memory. */
  register(part: string, handler: PartHandler): void {
    if (this.#parts.has(part)) throw new Error(`two handlers for the part \`${part}\``);
    this.#parts.set(part, handler);
  }

  /**
   * Runs a mutation on the database's state (see the file comment). `work` runs in the transaction after this
   * node has caught up; the change it returns is appended to the feed in the same transaction; `committed`
   * runs after the commit, still under the mutex (a view applies its writes to memory there).
   */
  async mutate<T>(work: (tx: Tx) => Promise<{ readonly value: T; readonly change?: PartChange }>, committed?: (value: T) => void): Promise<T> {
    const followUps: FollowUp[] = [];
    let behind = false;
    try {
      return await this.mutex.run(async () => {
        let seq: number | undefined;
        const value = await this.#store.transaction(async (tx) => {
          const changes = await this.#feed.since(this.#applied, tx);
          if (changes === undefined) {
            behind = true;
            throw new StoreUnavailableError('this node is reloading the lab state it missed; try again');
          }
          this.#applyAll(changes, followUps);
          const done = await work(tx);
          if (done.change !== undefined) seq = await this.#feed.append(tx, { node: this.node, ...done.change });
          return done.value;
        });
        if (seq !== undefined) this.#applied = seq;
        committed?.(value);
        return value;
      });
    } finally {
      await this.#announce(followUps);
      if (behind) this.#resyncInBackground();
    }
  }

  /** Resolves once every change committed before the call is applied here (read-your-writes across nodes). */
  barrier(): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;
    if (this.#inflight === undefined) return (this.#inflight = this.#check());
    const queued = this.#inflight.then(ignore, ignore).then(() => {
      this.#queued = undefined;
      return (this.#inflight = this.#check());
    });
    return (this.#queued = queued);
  }

  /** Listens for other nodes' changes until `close`. */
  async listen(): Promise<void> {
    this.#stopListening = await this.#feed.listen(
      (seq) => {
        if (seq > this.#applied) this.#catchUpSoon();
      },
      (error) => this.#lost(error),
    );
  }

  /** Reloads everything, then continues from the head read before (coalesced: one reload at a time). */
  resync(): Promise<void> {
    this.#resyncing ??= (async () => {
      try {
        const head = await this.#feed.head();
        await this.#options.reloadAll();
        await this.mutex.run(async () => {
          if (head > this.#applied) this.#applied = head;
        });
      } finally {
        this.#resyncing = undefined;
      }
    })();
    return this.#resyncing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#relistenTimer);
    await this.#stopListening?.();
    this.#stopListening = undefined;
    await this.#resyncing?.catch(ignore);
  }

  #check(): Promise<void> {
    const check = (async () => {
      if ((await this.#feed.head()) > this.#applied) await this.#catchUp();
    })();
    const clear = (): void => {
      if (this.#inflight === check) this.#inflight = undefined;
    };
    check.then(clear, clear);
    return check;
  }

  /** Applies what was committed since this node's newest change (or reloads, when that is no longer kept). */
  async #catchUp(): Promise<void> {
    const followUps: FollowUp[] = [];
    let behind = false;
    try {
      await this.mutex.run(async () => {
        const changes = await this.#feed.since(this.#applied);
        if (changes === undefined) behind = true;
        else this.#applyAll(changes, followUps);
      });
    } finally {
      await this.#announce(followUps);
    }
    if (behind) await this.resync();
  }

  /** A notification's catch-up; several notifications in a row share one. */
  #catchUpSoon(): void {
    if (this.#catchUpQueued) return;
    this.#catchUpQueued = true;
    setImmediate(() => {
      this.#catchUpQueued = false;
      if (this.#closed) return;
      this.#catchUp().catch((error: unknown) => this.#options.onError('could not apply the changes other nodes announced', error));
    });
  }

  #applyAll(changes: readonly FeedChange[], followUps: FollowUp[]): void {
    for (const change of changes) {
      if (change.seq <= this.#applied) continue;
      const handler = this.#parts.get(change.part);
      if (handler === undefined) {
        this.#options.onError(`change ${change.seq} from node ${change.node} is of \`${change.part}\`, which this node does not know`, undefined);
      } else {
        try {
          const followUp = handler.apply(change.body);
          if (followUp !== undefined) followUps.push(followUp);
        } catch (error) {
          // Memory may now differ from the store: read it all again.
          this.#options.onError(`could not apply change ${change.seq} (${change.part}) from node ${change.node}`, error);
          this.#resyncInBackground();
        }
      }
      this.#applied = change.seq;
    }
  }

  async #announce(followUps: readonly FollowUp[]): Promise<void> {
    for (const followUp of followUps) {
      try {
        await followUp();
      } catch (error) {
        this.#options.onError('a listener failed on a change from another node', error);
      }
    }
  }

  #resyncInBackground(): void {
    setImmediate(() => {
      if (this.#closed) return;
      this.resync().catch((error: unknown) => this.#options.onError('could not reload the lab state', error));
    });
  }

  /** The notification connection is gone: listen again (with a backoff), then reload what was missed. */
  #lost(error: unknown): void {
    this.#stopListening = undefined;
    if (this.#closed) return;
    this.#options.onError('lost the connection that announces other nodes’ changes; listening again', error);
    this.#relistenMs = Math.min(MAX_RELISTEN_MS, Math.max(MIN_RELISTEN_MS, this.#relistenMs * 2));
    this.#relistenTimer = setTimeout(() => {
      if (this.#closed) return;
      this.listen().then(
        () => {
          this.#relistenMs = 0;
          this.resync().catch((failure: unknown) => this.#options.onError('could not reload the lab state', failure));
        },
        (failure: unknown) => this.#lost(failure),
      );
    }, this.#relistenMs);
  }
}
