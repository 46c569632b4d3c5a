/** What LookupEvents reads: the store's event log, after the audit recorder has written what it holds. */
import type { EventQuery, StoredEvent } from '../../store/port.js';

export interface CloudTrailDeps {
  readonly queryEvents: (query: EventQuery) => Promise<StoredEvent[]>;
  /** Resolves when every event recorded so far is in the store (the recorder batches its writes). */
  readonly flushEvents: () => Promise<void>;
}
