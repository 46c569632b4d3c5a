/**
 * The store port (design.md, "Storage"): asynchronous and transactional, so the embedded SQLite store and
 * the PostgreSQL store are two implementations of one interface, checked by one contract suite
 * (`test/store/contract.ts`).
 *
 * The model is deliberately small: named **collections** of JSON documents under string keys, ordered by
 * key (byte order), plus an append-only **event log** with retention and a **blob** area for object bytes.
 * Typed repositories (`store/repos/*`) give each entity its collection and key scheme; adding an entity
 * needs no migration. Schema changes of the tables themselves are numbered migrations.
 */

/** A JSON value as stored: what `JSON.stringify` round-trips. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

export interface Entry<T> {
  readonly key: string;
  readonly value: T;
}

export interface ListOptions {
  /** Only keys starting with this prefix. */
  readonly prefix?: string;
  /** Only keys strictly greater than this one (for pagination). */
  readonly after?: string;
  /** At most this many entries. */
  readonly limit?: number;
}

/** Reads and writes inside one transaction. Every method may be awaited in any order. */
export interface Tx {
  get<T extends Json>(collection: string, key: string): Promise<T | undefined>;
  /** Creates or replaces. */
  put(collection: string, key: string, value: Json): Promise<void>;
  /** Creates only: false (and nothing written) when the key exists. */
  insert(collection: string, key: string, value: Json): Promise<boolean>;
  /** True when something was deleted. */
  delete(collection: string, key: string): Promise<boolean>;
  /** Entries in ascending key order. */
  list<T extends Json>(collection: string, options?: ListOptions): Promise<Entry<T>[]>;
  count(collection: string, prefix?: string): Promise<number>;
}

/** One audit event as stored. `body` holds the full event; the other fields are indexed for queries. */
export interface StoredEvent {
  /** Assigned by the store, increasing. */
  readonly seq: number;
  /** Virtual time of the request, epoch ms. */
  readonly timeMs: number;
  readonly requestId: string;
  readonly principalArn: string | null;
  readonly action: string | null;
  readonly decision: string | null;
  readonly errorCode: string | null;
  readonly body: Json;
}

export type NewEvent = Omit<StoredEvent, 'seq'>;

export interface EventQuery {
  /** Only events with seq greater than this (for --follow). */
  readonly afterSeq?: number;
  /** Only events with seq less than this (paging newest first, CloudTrail's LookupEvents). */
  readonly beforeSeq?: number;
  /** Only events whose virtual time is at or after this, epoch ms (unindexed: a filter, not a seek). */
  readonly fromTimeMs?: number;
  /** Only events whose virtual time is at or before this, epoch ms. */
  readonly toTimeMs?: number;
  readonly requestId?: string;
  readonly principalArn?: string;
  /** Only events whose decision is not Allowed or that carry an error code. */
  readonly deniedOnly?: boolean;
  /** Newest first when true (default false: oldest first). */
  readonly newestFirst?: boolean;
  readonly limit?: number;
}

/** One committed change of lab state, as the change feed carries it between nodes (design.md "One lab on many nodes"). */
export interface FeedChange {
  /** Its place in the lab's history: gap-free and increasing in commit order. */
  readonly seq: number;
  /** The node that committed it. */
  readonly node: string;
  /** What changed: a state view's name, `clock` or `reset`. */
  readonly part: string;
  readonly body: Json;
}

/**
 * What makes several processes on one store one lab: every change of state kept in memory is appended to a
 * feed in the transaction that commits it, under the store lock, so the feed's order is the commit order;
 * nodes read the feed's head to know whether they are behind and are told of new changes as they commit.
 * Only a store several processes can share has one (PostgreSQL).
 */
export interface ChangeFeed {
  /** The seq of the newest committed change (0 before the first). */
  head(): Promise<number>;
  /**
   * The changes after `seq`, oldest first, read in `tx` when given; `undefined` when some of them are no
   * longer kept (a node that far behind reloads everything instead).
   */
  since(seq: number, tx?: Tx): Promise<FeedChange[] | undefined>;
  /** Appends a change in `tx` (which must be this store's) and returns its seq; announced when `tx` commits. */
  append(tx: Tx, change: Omit<FeedChange, 'seq'>): Promise<number>;
  /**
   * Calls `onChange` with each announced change's seq until the returned function is called; `onLost` once
   * when the announcements' connection is lost (changes may have been missed: reload, then listen again).
   */
  listen(onChange: (seq: number) => void, onLost: (error: unknown) => void): Promise<() => Promise<void>>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Present when several processes may share this store (PostgreSQL). */
  readonly changes?: ChangeFeed;
  /**
   * Runs `fn` in one transaction: all its writes become durable together when the returned promise
   * resolves (an acknowledged write survives `kill -9`), or none of them if `fn` throws.
   * Transactions are serialisable with respect to each other.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  appendEvents(events: readonly NewEvent[]): Promise<void>;
  queryEvents(query: EventQuery): Promise<StoredEvent[]>;
  /**
   * Keeps at most `maxEvents` newest events and, with `maxBytes`, only as many of the newest as fit in that
   * many bytes of stored size (the event's JSON plus a fixed per-row cost); returns how many were removed.
   */
  pruneEvents(maxEvents: number, maxBytes?: number): Promise<number>;
  /**
   * Called after the store was unavailable (StoreUnavailableError) and answers again. A write whose commit
   * was cut off by the outage may or may not have been applied, so in-memory views reload then.
   */
  onRecovered?(listener: () => void): void;
  /** Removes every collection entry, event and blob (a full lab reset). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
