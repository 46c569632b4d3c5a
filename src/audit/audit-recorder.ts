/**
 * Writes audit events to the store off the request path: events are queued and flushed in batches, so a
 * request never waits for its own audit write. Retention is bounded (`maxEvents`), pruned every so often.
 */
import type { Json, Store } from '../store/port.js';
import type { AuditEvent } from './audit-event.js';

export interface AuditRecorderOptions {
  readonly maxEvents: number;
  /** Events per batch write. */
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

export class AuditRecorder {
  readonly #store: Store;
  readonly #options: AuditRecorderOptions;
  #queue: AuditEvent[] = [];
  #flushing: Promise<void> | undefined;
  #sincePrune = 0;

  constructor(store: Store, options: AuditRecorderOptions) {
    this.#store = store;
    this.#options = options;
  }

  record(event: AuditEvent): void {
    this.#queue.push(event);
    if (this.#flushing === undefined) this.#flushing = this.#drain();
  }

  /** Resolves when everything recorded so far is in the store. */
  async flush(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
  }

  async #drain(): Promise<void> {
    // Let the current tick's requests queue up first, so one write carries many events.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#options.batchSize ?? 500);
        await this.#store.appendEvents(batch.map(toStored));
        this.#sincePrune += batch.length;
        if (this.#sincePrune >= Math.max(100, this.#options.maxEvents / 10)) {
          this.#sincePrune = 0;
          await this.#store.pruneEvents(this.#options.maxEvents);
        }
      }
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      this.#flushing = undefined;
      if (this.#queue.length > 0) this.#flushing = this.#drain();
    }
  }
}

function toStored(event: AuditEvent): { timeMs: number; requestId: string; principalArn: string | null; action: string | null; decision: string | null; errorCode: string | null; body: Json } {
  return {
    timeMs: event.timeMs,
    requestId: event.requestId,
    principalArn: event.principalArn,
    action: event.action,
    decision: event.decision,
    errorCode: event.errorCode,
    body: { ...event, resources: [...event.resources] },
  };
}
