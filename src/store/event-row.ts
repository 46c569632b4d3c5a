/** The events table's row, as either driver returns it, and its conversion to the port's `StoredEvent`. */
import { decodeJson } from './json-codec.js';
import type { EventQuery, StoredEvent } from './port.js';

export interface EventRow {
  /** pg returns BIGINT columns as strings (they may exceed 2^53); seq and epoch ms never do. */
  readonly seq: number | string;
  readonly time_ms: number | string;
  readonly request_id: string;
  readonly principal_arn: string | null;
  readonly action: string | null;
  readonly decision: string | null;
  readonly error_code: string | null;
  readonly body: string;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    timeMs: Number(row.time_ms),
    requestId: row.request_id,
    principalArn: row.principal_arn,
    action: row.action,
    decision: row.decision,
    errorCode: row.error_code,
    body: decodeJson(row.body),
  };
}

/** Which optional filters a query uses: one prepared statement per shape. */
export interface EventShape {
  readonly afterSeq: boolean;
  readonly beforeSeq: boolean;
  readonly fromTimeMs: boolean;
  readonly toTimeMs: boolean;
  readonly requestId: boolean;
  readonly principalArn: boolean;
  readonly deniedOnly: boolean;
  readonly newestFirst: boolean;
}

export function eventShape(query: EventQuery): EventShape {
  return {
    afterSeq: query.afterSeq !== undefined,
    beforeSeq: query.beforeSeq !== undefined,
    fromTimeMs: query.fromTimeMs !== undefined,
    toTimeMs: query.toTimeMs !== undefined,
    requestId: query.requestId !== undefined,
    principalArn: query.principalArn !== undefined,
    deniedOnly: query.deniedOnly === true,
    newestFirst: query.newestFirst === true,
  };
}

export function eventShapeKey(shape: EventShape): string {
  return Object.entries(shape)
    .filter(([, present]) => present)
    .map(([name]) => name)
    .join(',');
}

/**
 * The filter values in the order the shape's WHERE clause lists them: afterSeq, beforeSeq, fromTimeMs, toTimeMs,
 * requestId, principalArn.
 */
export function eventFilterParams(query: EventQuery): (string | number)[] {
  const params: (string | number)[] = [];
  if (query.afterSeq !== undefined) params.push(query.afterSeq);
  if (query.beforeSeq !== undefined) params.push(query.beforeSeq);
  if (query.fromTimeMs !== undefined) params.push(query.fromTimeMs);
  if (query.toTimeMs !== undefined) params.push(query.toTimeMs);
  if (query.requestId !== undefined) params.push(query.requestId);
  if (query.principalArn !== undefined) params.push(query.principalArn);
  return params;
}

/**
 * What an event costs in the database beside its JSON text (its indexed columns and their index entries),
 * for retention by size (`Store.pruneEvents`' maxBytes): the bound then follows what the data directory holds.
 */
export const EVENT_ROW_OVERHEAD_BYTES = 200;

/**
 * An upper bound of the event log's stored size, so that retention by bytes measures the log only when the
 * bound passes the limit (the measure scans the log): unknown until first measured; appends add to it;
 * prunes by count leave it as it is, which keeps it a bound. It counts this process's appends only: several
 * processes on one PostgreSQL log (a multi-node lab) each hold a bound of their own, not of the whole log.
 */
export class EventBytesBound {
  #bytes: number | undefined;

  /** `bytes` of event JSON in `count` events were appended. */
  added(bytes: number, count: number): void {
    if (this.#bytes !== undefined) this.#bytes += bytes + EVENT_ROW_OVERHEAD_BYTES * count;
  }

  /** True when the log may hold more than `limit` bytes and must be measured (and cut). */
  mayExceed(limit: number): boolean {
    return this.#bytes === undefined || this.#bytes > limit;
  }

  /** The log was measured (and cut): it holds `bytes`. */
  measured(bytes: number): void {
    this.#bytes = bytes;
  }
}
