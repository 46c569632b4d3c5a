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

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
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
