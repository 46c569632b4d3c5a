/**
 * The SQLite `Store`. Every operation goes through one queue: a transaction's `fn` may await, and nothing
 * else may run statements until it has committed or rolled back. A file database writes its event log
 * through a second connection on a worker thread (event-writer.ts), still one operation at a time.
 */
import type Database from 'better-sqlite3';
import { InternalError } from '../../errors/aws-error.js';
import { EVENT_ROW_OVERHEAD_BYTES, EventBytesBound, eventFilterParams, eventShape, toStoredEvent, type EventRow } from '../event-row.js';
import { checkCount, checkEventQuery, checkNewEvent } from '../input-checks.js';
import { checkJson } from '../json-codec.js';
import type { EventQuery, NewEvent, Store, StoredEvent, Tx } from '../port.js';
import { ReentryGuard } from '../reentry-guard.js';
import { AsyncMutex } from '../../lib/async-mutex.js';
import { isSqliteUnavailable, StoreUnavailableError } from '../store-unavailable.js';
import {
  appendEventBatch,
  EVENT_LOG_SQL,
  MOVE_CHUNK_ROWS,
  moveBatches,
  prepareEventLog,
  pruneEventLog,
  pruneEventLogBytes,
  type BatchedEvent,
  type EventLogStatements,
} from './event-log.js';
import { EventWriter } from './event-writer.js';
import { SqliteStatements } from './sqlite-statements.js';
import { SqliteTx } from './sqlite-tx.js';

/**
 * Batches smaller than this are written on the store's own connection: they are cheap, and a lab that is
 * not under load then never starts the writer thread (about 12 MB of resident memory).
 */
const WRITER_MIN_BATCH = 64;

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #statements: SqliteStatements;
  readonly #eventLog: EventLogStatements;
  readonly #queue = new AsyncMutex();
  readonly #guard: ReentryGuard;
  readonly #writer: EventWriter | undefined;
  #closed = false;
  readonly #eventBytes = new EventBytesBound();
  readonly #db: Database.Database;
  readonly #checkValues: boolean;

  /**
   * `file`: the database's path, for the event writer's own connection (none for an in-memory database);
   * `checkReentry`: see reentry-guard.ts; `checkValues` (default on): refuse values that are not JSON (json-codec.ts).
   */
  constructor(db: Database.Database, options: { readonly file?: string; readonly checkReentry?: boolean; readonly checkValues?: boolean } = {}) {
    this.#db = db;
    this.#guard = new ReentryGuard(options.checkReentry === true);
    this.#checkValues = options.checkValues !== false;
    this.#statements = new SqliteStatements(db);
    this.#eventLog = prepareEventLog(db, EVENT_LOG_SQL);
    this.#writer = options.file === undefined ? undefined : new EventWriter(options.file);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#exclusive('transaction', () => this.#runTransaction(fn));
  }

  appendEvents(events: readonly NewEvent[]): Promise<void> {
    return this.#exclusive('appendEvents', async () => {
      if (events.length === 0) return;
      const batch = events.map((event): BatchedEvent => {
        checkNewEvent(event);
        if (this.#checkValues) checkJson(event.body, 'event body');
        return [event.timeMs, event.requestId, event.principalArn, event.action, event.decision, event.errorCode, event.body];
      });
      const text = JSON.stringify(batch);
      this.#eventBytes.added(text.length, batch.length);
      if (batch.length >= WRITER_MIN_BATCH && this.#writer?.usable === true) {
        await this.#writer.append(batch.length, text);
        return;
      }
      this.#inWriteTransaction(() => appendEventBatch(this.#eventLog, batch.length, text));
    });
  }

  queryEvents(query: EventQuery): Promise<StoredEvent[]> {
    return this.#exclusive('queryEvents', async () => {
      checkEventQuery(query);
      await this.#moveBatches();
      const statement = this.#statements.events(eventShape(query));
      const rows = statement.all(...eventFilterParams(query), query.limit ?? -1) as EventRow[];
      return rows.map(toStoredEvent);
    });
  }

  pruneEvents(maxEvents: number, maxBytes?: number): Promise<number> {
    return this.#exclusive('pruneEvents', async () => {
      const keep = checkCount(maxEvents, 'maxEvents');
      const keepBytes = maxBytes === undefined ? undefined : checkCount(maxBytes, 'maxBytes');
      const writer = this.#writer?.running === true ? this.#writer : undefined;
      let removed =
        writer !== undefined ? await writer.prune(keep) : this.#inWriteTransaction(() => pruneEventLog(this.#eventLog, MOVE_CHUNK_ROWS, keep));
      if (keepBytes !== undefined && this.#eventBytes.mayExceed(keepBytes)) {
        const cut =
          writer !== undefined
            ? await writer.pruneBytes(keepBytes)
            : this.#inWriteTransaction(() => pruneEventLogBytes(this.#eventLog, MOVE_CHUNK_ROWS, keepBytes, EVENT_ROW_OVERHEAD_BYTES));
        this.#eventBytes.measured(cut.keptBytes);
        removed += cut.removed;
      }
      return removed;
    });
  }

  clear(): Promise<void> {
    return this.#exclusive('clear', async () => {
      this.#inWriteTransaction(() => {
        this.#statements.clearEntries.run();
        this.#eventLog.deleteEvents.run();
        this.#eventLog.clearBatches.run();
      });
      this.#eventBytes.measured(0);
    });
  }

  /** Pending batches become rows before a read: in the writer thread when it runs (they can be many). */
  async #moveBatches(): Promise<void> {
    if (this.#writer?.running === true) await this.#writer.moveBatches();
    else this.#inWriteTransaction(() => moveBatches(this.#eventLog, MOVE_CHUNK_ROWS));
  }

  /** Waits for the queued operations, then closes; closing twice is harmless. */
  async close(): Promise<void> {
    this.#guard.check('close');
    await this.#queue.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      await this.#writer?.close();
      this.#db.close();
    });
  }

  /** Queues `task` behind every operation already queued; refuses re-entry and use after close. */
  #exclusive<T>(operation: string, task: () => Promise<T>): Promise<T> {
    try {
      this.#guard.check(operation);
      this.#checkOpen(operation);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.run(async () => {
      // close() may have been queued ahead of this task.
      this.#checkOpen(operation);
      try {
        return await this.#guard.run(task);
      } catch (error) {
        // A full disk, a read-only or vanished data directory: the transaction rolled back, nothing applied.
        if (!isSqliteUnavailable(error)) throw error;
        throw new StoreUnavailableError(`the SQLite database cannot be written (${operation}): ${(error as Error).message}`, { cause: error });
      }
    });
  }

  async #runTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = new SqliteTx(this.#statements, this.#checkValues);
    this.#statements.begin.run();
    try {
      const result = await fn(tx);
      tx.finish();
      // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR…) that fn may have caught.
      if (!this.#db.inTransaction) throw new InternalError('SQLite rolled the transaction back after an error');
      this.#statements.commit.run();
      return result;
    } catch (error) {
      tx.finish();
      if (this.#db.inTransaction) this.#statements.rollback.run();
      throw error;
    }
  }

  #inWriteTransaction<T>(work: () => T): T {
    this.#statements.begin.run();
    try {
      const result = work();
      this.#statements.commit.run();
      return result;
    } catch (error) {
      if (this.#db.inTransaction) this.#statements.rollback.run();
      throw error;
    }
  }

  #checkOpen(operation: string): void {
    if (this.#closed) throw new InternalError(`${operation} called on a closed store`);
  }
}
