/**
 * Checks on what callers pass to a store, shared by both back ends so that they reject the same inputs
 * with the same messages. A failed check is a caller's bug, hence `InternalError`.
 */
import { InternalError } from '../errors/aws-error.js';
import type { EventQuery, ListOptions, NewEvent } from './port.js';

// A lone surrogate has no UTF-8 form: both databases would store U+FFFD instead, i.e. another key.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Collection names, keys, prefixes: every well-formed string without NUL (PostgreSQL text cannot hold NUL). */
export function checkText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InternalError(`${what} must be a string, got ${typeof value}`);
  if (value.includes('\u0000')) throw new InternalError(`${what} \`${JSON.stringify(value)}\` contains NUL`);
  if (LONE_SURROGATE.test(value)) {
    throw new InternalError(`${what} \`${JSON.stringify(value)}\` contains a lone surrogate`);
  }
  return value;
}

export function checkCollection(collection: unknown): string {
  const name = checkText(collection, 'collection name');
  if (name === '') throw new InternalError('collection name must not be empty');
  return name;
}

export function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InternalError(`${what} must be a non-negative integer, got \`${String(value)}\``);
  }
  return value;
}

/** An epoch-ms bound of the event log's virtual times: a whole number, negative too (a time may precede 1970). */
function checkTime(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InternalError(`${what} must be an integer, got \`${String(value)}\``);
  return value;
}

interface CheckedListOptions {
  readonly prefix: string;
  readonly after: string | undefined;
  readonly limit: number | undefined;
}

export function checkListOptions(options: ListOptions | undefined): CheckedListOptions {
  return {
    prefix: options?.prefix === undefined ? '' : checkText(options.prefix, 'prefix'),
    after: options?.after === undefined ? undefined : checkText(options.after, 'after'),
    limit: options?.limit === undefined ? undefined : checkCount(options.limit, 'limit'),
  };
}

export function checkEventQuery(query: EventQuery): EventQuery {
  if (query.afterSeq !== undefined) checkCount(query.afterSeq, 'afterSeq');
  if (query.beforeSeq !== undefined) checkCount(query.beforeSeq, 'beforeSeq');
  if (query.fromTimeMs !== undefined) checkTime(query.fromTimeMs, 'fromTimeMs');
  if (query.toTimeMs !== undefined) checkTime(query.toTimeMs, 'toTimeMs');
  if (query.limit !== undefined) checkCount(query.limit, 'limit');
  if (query.requestId !== undefined) checkText(query.requestId, 'requestId');
  if (query.principalArn !== undefined) checkText(query.principalArn, 'principalArn');
  return query;
}

export function checkNewEvent(event: NewEvent): void {
  if (typeof event.timeMs !== 'number' || !Number.isSafeInteger(event.timeMs)) {
    throw new InternalError(`event timeMs must be an integer, got \`${String(event.timeMs)}\``);
  }
  checkText(event.requestId, 'event requestId');
  for (const field of ['principalArn', 'action', 'decision', 'errorCode'] as const) {
    const value = event[field];
    if (value !== null) checkText(value, `event ${field}`);
  }
}
