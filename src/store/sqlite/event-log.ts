/**
 * The SQLite event log's writes. Appending stores a whole batch as one row of `event_batches` (its events as
 * one JSON text); the batches become rows of `events`, where they can be queried, only when something reads
 * or prunes the log (`moveBatches`, `pruneEventLog`). Why: a lab under load writes one event per request,
 * and inserting each as an indexed row cost the writer thread ~9 µs per event; that thread shares a
 * two-core machine with the requests, and the benchmark's authenticated requests per second rose by about
 * a fifth when the per-event rows went (`npm run bench`, gateway). One row per batch costs a fraction of
 * that; the per-event work is done once, later, and only for a log that someone looks at.
 *
 * Invariant: every row of `events` is older than every pending batch (batches move oldest first, and a
 * prune that cuts through a batch empties `events` first), so seqs, given as rows move, follow append order.
 *
 * These functions run on the store's own connection and, unchanged, in the event writer's thread, whose
 * source is built from their text (`EVENT_LOG_SOURCE`): they may use only their parameters and JavaScript's
 * built-ins, and call one another only by the names listed there.
 */
import type Database from 'better-sqlite3';

/** Rows per INSERT when batches move: one statement call per row cost more than the row. */
export const MOVE_CHUNK_ROWS = 50;

const EVENT_COLUMNS = '(time_ms, request_id, principal_arn, action, decision, error_code, body)';

/** The statements the event log uses, as SQL text (the writer thread prepares them on its own connection). */
export const EVENT_LOG_SQL = {
  insertBatch: 'INSERT INTO event_batches (count, rows) VALUES (?, ?)',
  batchIds: 'SELECT id FROM event_batches ORDER BY id',
  batchCountsNewestFirst: 'SELECT id, count FROM event_batches ORDER BY id DESC',
  batchRows: 'SELECT rows FROM event_batches WHERE id = ?',
  deleteBatch: 'DELETE FROM event_batches WHERE id = ?',
  deleteBatchesBefore: 'DELETE FROM event_batches WHERE id < ?',
  insertEvent: `INSERT INTO events ${EVENT_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)`,
  insertEvents: `INSERT INTO events ${EVENT_COLUMNS} VALUES ${Array.from({ length: MOVE_CHUNK_ROWS }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
  deleteEvents: 'DELETE FROM events',
  /** Keeps the newest N rows: deletes everything at or below the seq of the (N+1)-th newest. */
  pruneEvents: 'DELETE FROM events WHERE seq <= (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?)',
  batchSizesNewestFirst: 'SELECT id, count, length(rows) AS size FROM event_batches ORDER BY id DESC',
  eventSizesNewestFirst: 'SELECT seq, length(body) AS size FROM events ORDER BY seq DESC',
  deleteEventsThrough: 'DELETE FROM events WHERE seq <= ?',
  clearBatches: 'DELETE FROM event_batches',
} as const;

export type EventLogStatements = { readonly [K in keyof typeof EVENT_LOG_SQL]: Database.Statement };

/**
 * One event as a batch stores it: the indexed columns, then the body as a JSON value (not text), so that a
 * whole batch is written with one `JSON.stringify`.
 */
export type BatchedEvent = [number, string, string | null, string | null, string | null, string | null, unknown];

export function prepareEventLog(db: Database.Database, sql: typeof EVENT_LOG_SQL): EventLogStatements {
  const statements: Record<string, Database.Statement> = {};
  for (const name of Object.keys(sql)) statements[name] = db.prepare(sql[name as keyof typeof sql]);
  return statements as unknown as EventLogStatements;
}

/**
 * Stores `count` events, `rows` being the JSON array of their `BatchedEvent`s: as text, or as its UTF-8 bytes
 * (the writer thread's batches arrive as bytes, moved rather than copied, and are stored as they came).
 */
export function appendEventBatch(log: EventLogStatements, count: number, rows: string | Uint8Array): number {
  log.insertBatch.run(count, typeof rows === 'string' ? rows : Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength));
  return count;
}

/** A batch's stored rows as text (a batch the writer thread stored is UTF-8 bytes, which SQLite reads back as a Buffer). */
function batchText(stored: unknown): string {
  return typeof stored === 'string' ? stored : (stored as Buffer).toString('utf8');
}

/** Inserts a batch's events into `events`, in order: all of them, or the newest `keepNewest`; returns how many. */
function insertBatchEvents(log: EventLogStatements, chunkRows: number, stored: unknown, keepNewest?: number): number {
  const text = batchText(stored);
  const columns = 7; // a row of `events`, in EVENT_COLUMNS order (spelled here: the writer thread runs this text)
  const all = JSON.parse(text) as unknown[][];
  const events = keepNewest === undefined ? all : all.slice(all.length - keepNewest);
  const values: unknown[] = [];
  for (let at = 0; at < events.length; at++) {
    const event = events[at] as unknown[];
    values.push(event[0], event[1], event[2], event[3], event[4], event[5], JSON.stringify(event[6]));
    if (values.length === chunkRows * columns) {
      log.insertEvents.run(values);
      values.length = 0;
    }
  }
  for (let at = 0; at < values.length; at += columns) log.insertEvent.run(values.slice(at, at + columns));
  return events.length;
}

/** Moves every pending batch into `events`, oldest first; returns how many events moved. */
export function moveBatches(log: EventLogStatements, chunkRows: number): number {
  let moved = 0;
  for (const id of log.batchIds.pluck().all() as number[]) {
    moved += insertBatchEvents(log, chunkRows, log.batchRows.pluck().get(id));
    log.deleteBatch.run(id);
  }
  return moved;
}

/** Keeps the newest `keep` events, wherever they are; returns how many were removed. */
export function pruneEventLog(log: EventLogStatements, chunkRows: number, keep: number): number {
  const batches = log.batchCountsNewestFirst.all() as { readonly id: number; readonly count: number }[];
  let kept = 0;
  for (const [at, batch] of batches.entries()) {
    if (kept + batch.count <= keep) {
      kept += batch.count;
      continue;
    }
    // The newest `keep` events end inside this batch: the rows and every older batch go, and of this one
    // the part that still fits becomes rows.
    let removed = log.deleteEvents.run().changes + batch.count - (keep - kept);
    for (const older of batches.slice(at + 1)) removed += older.count;
    log.deleteBatchesBefore.run(batch.id);
    insertBatchEvents(log, chunkRows, log.batchRows.pluck().get(batch.id), keep - kept);
    log.deleteBatch.run(batch.id);
    return removed;
  }
  return log.pruneEvents.run(keep - kept).changes;
}

/**
 * Keeps the newest events whose stored size adds up to at most `keepBytes`, wherever they are; returns how
 * many were removed and the size kept. An event's size is its JSON text plus `rowOverhead` (its indexed
 * columns and index entries), so that the bound follows what the data directory holds.
 */
export function pruneEventLogBytes(
  log: EventLogStatements,
  chunkRows: number,
  keepBytes: number,
  rowOverhead: number,
): { removed: number; keptBytes: number } {
  const batches = log.batchSizesNewestFirst.all() as { readonly id: number; readonly count: number; readonly size: number }[];
  let kept = 0;
  for (const [at, batch] of batches.entries()) {
    const size = batch.size + rowOverhead * batch.count;
    if (kept + size <= keepBytes) {
      kept += size;
      continue;
    }
    // The cut falls inside this batch: of its events, the newest that still fit become rows (as in pruneEventLog).
    const text = batchText(log.batchRows.pluck().get(batch.id));
    const events = JSON.parse(text) as unknown[];
    let keepNewest = 0;
    for (let i = events.length - 1; i >= 0; i--) {
      const eventSize = JSON.stringify(events[i]).length + rowOverhead;
      if (kept + eventSize > keepBytes) break;
      kept += eventSize;
      keepNewest++;
    }
    let removed = log.deleteEvents.run().changes + batch.count - keepNewest;
    for (const older of batches.slice(at + 1)) removed += older.count;
    log.deleteBatchesBefore.run(batch.id);
    if (keepNewest > 0) insertBatchEvents(log, chunkRows, text, keepNewest);
    log.deleteBatch.run(batch.id);
    return { removed, keptBytes: kept };
  }
  let cut: number | undefined;
  for (const row of log.eventSizesNewestFirst.iterate() as IterableIterator<{ readonly seq: number; readonly size: number }>) {
    if (kept + row.size + rowOverhead > keepBytes) {
      cut = row.seq;
      break;
    }
    kept += row.size + rowOverhead;
  }
  return { removed: cut === undefined ? 0 : log.deleteEventsThrough.run(cut).changes, keptBytes: kept };
}

/**
 * The functions above as source text, for the writer thread, which calls them by their `.name`: a bundler
 * that renames one renames its declaration, its callers' references and its name alike.
 */
export const EVENT_LOG_SOURCE = [prepareEventLog, appendEventBatch, batchText, insertBatchEvents, moveBatches, pruneEventLog, pruneEventLogBytes]
  .map(String)
  .join('\n');
