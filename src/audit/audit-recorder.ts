/**
 * Writes audit events to the store off the request path: events are queued and flushed in batches, so a
 * request never waits for its own audit write. A batch is written when `flushDelayMs` has passed since its
 * first event or when it reaches `batchSize`, whichever comes first: under load one store transaction then
 * carries hundreds of events instead of a handful (the audit write was a quarter of a request's cost when
 * every tick committed its own batch). The price is that a crash can lose the last `flushDelayMs` of audit
 * events — never an acknowledged state change, which the services commit before answering.
 * Retention is bounded in events (`maxEvents`) and in bytes (`maxBytes`), pruned every so often. Followers
 * (audit-follower.ts) see each event as it is recorded and write what they keep after each batch, so what
 * they keep outlives pruning. Subscribers (the console's live stream, design.md "The console") come and go
 * while the lab runs and are only told.
 */
import { retentionInterval } from '../lib/retention-interval.js';
import type { Json, NewEvent, Store } from '../store/port.js';
import type { AuditEvent } from './audit-event.js';
import type { AuditFollower } from './audit-follower.js';

interface AuditRecorderOptions {
  readonly maxEvents: number;
  /** The audit trail's stored size in bytes (the store's measure: each event's JSON plus a per-row cost). */
  readonly maxBytes?: number;
  /** Events per batch write. */
  readonly batchSize?: number;
  /** How long the first event of a batch may wait for company, in ms (default 50). */
  readonly flushDelayMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Told of every event as it is recorded, and asked to persist after each batch. */
  readonly followers?: readonly AuditFollower[];
}

export class AuditRecorder {
  readonly #store: Store;
  readonly #options: AuditRecorderOptions;
  #queue: AuditEvent[] = [];
  #flushing: Promise<void> | undefined;
  #sincePrune = 0;
  #wake: (() => void) | undefined;
  readonly #subscribers = new Set<(event: AuditEvent) => void>();

  constructor(store: Store, options: AuditRecorderOptions) {
    this.#store = store;
    this.#options = options;
  }

  record(event: AuditEvent): void {
    for (const follower of this.#options.followers ?? []) follower.follow(event);
    for (const subscriber of this.#subscribers) subscriber(event);
    this.#queue.push(event);
    if (this.#queue.length >= (this.#options.batchSize ?? 500)) this.#wake?.();
    if (this.#flushing === undefined) this.#flushing = this.#drain(this.#options.flushDelayMs ?? 50);
  }

  /**
   * Tells `listener` of every event from now on, as it is recorded (on the request path: it must only queue
   * what it keeps, and must not throw). Returns the call that stops it.
   */
  subscribe(listener: (event: AuditEvent) => void): () => void {
    this.#subscribers.add(listener);
    return () => void this.#subscribers.delete(listener);
  }

  /** Resolves when everything recorded so far is in the store. */
  async flush(): Promise<void> {
    this.#wake?.();
    while (this.#flushing !== undefined) {
      this.#wake?.();
      await this.#flushing;
    }
  }

  async #drain(delayMs: number): Promise<void> {
    // Let the batch fill up first; a full batch or flush() cuts the wait short.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      timer.unref();
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
    // Only what is queued now: events recorded while these are written wait for the next window, so that
    // batches stay large (a write finishing mid-window would otherwise leave a trickle of tiny batches).
    const taken = this.#queue;
    this.#queue = [];
    const batchSize = this.#options.batchSize ?? 500;
    try {
      for (let start = 0; start < taken.length; start += batchSize) {
        const batch = taken.slice(start, start + batchSize);
        await this.#store.appendEvents(batch.map(toStored));
        this.#sincePrune += batch.length;
        if (this.#sincePrune >= retentionInterval(this.#options.maxEvents)) {
          this.#sincePrune = 0;
          await this.#store.pruneEvents(this.#options.maxEvents, this.#options.maxBytes);
        }
      }
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      await this.#persistFollowers();
      this.#flushing = undefined;
      if (this.#queue.length > 0) this.#flushing = this.#drain(this.#options.flushDelayMs ?? 50);
    }
  }

  /** Apart from the events: what a follower could not write stays with it for the next batch. */
  async #persistFollowers(): Promise<void> {
    for (const follower of this.#options.followers ?? []) {
      try {
        await follower.persist();
      } catch (error) {
        this.#options.onError?.(error);
      }
    }
  }
}

/**
 * What the store cannot hold in an indexed column (store/input-checks.ts): NUL, which PostgreSQL text refuses,
 * and lone surrogates, which have no UTF-8 form.
 */
const NOT_STORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The caller's own text reaches the indexed columns: a federated caller is named after its token's `aud` and
 * `sub` (`<provider>:<aud>:<sub>`), which an unsigned AssumeRoleWithWebIdentity may fill with `\ud800` or NUL.
 * The store refuses such text, and with it the whole batch — other requests' events too — so it is written
 * with U+FFFD in their place, the one character a reader of the trail cannot mistake for anything else.
 */
function storable<T extends string | null>(text: T): T {
  return (text === null ? text : text.replace(NOT_STORABLE, '\uFFFD')) as T;
}

const needsReplacing = (text: string | null): boolean => text !== null && text.search(NOT_STORABLE) !== -1;

/**
 * The event is its own body: it is built for this queue alone and never changed after `record`. It is copied
 * only when one of those columns holds what the store refuses, which no well-behaved request's event does.
 */
function toStored(recorded: AuditEvent): NewEvent {
  const clean = !(
    needsReplacing(recorded.requestId) ||
    needsReplacing(recorded.principalArn) ||
    needsReplacing(recorded.action) ||
    needsReplacing(recorded.decision) ||
    needsReplacing(recorded.errorCode)
  );
  const event: AuditEvent = clean
    ? recorded
    : {
        ...recorded,
        requestId: storable(recorded.requestId),
        principalArn: storable(recorded.principalArn),
        action: storable(recorded.action),
        decision: storable(recorded.decision),
        errorCode: storable(recorded.errorCode),
      };
  return {
    timeMs: event.timeMs,
    requestId: event.requestId,
    principalArn: event.principalArn,
    action: event.action,
    decision: event.decision,
    errorCode: event.errorCode,
    body: event as unknown as Json,
  };
}
