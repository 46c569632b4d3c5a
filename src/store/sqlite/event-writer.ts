/**
 * Writes the event log of a file database from a worker thread with its own connection.
 *
 * Why: the audit trail appends one event per request, and its writes (event-log.ts), their commits and the
 * WAL checkpoints they trigger would otherwise be taken from requests on the main thread; here they run
 * beside them. The store still runs one operation at a time (its queue waits for the writer's
 * answer), so the two connections never write at once and every read after an acknowledged append sees it.
 *
 * The worker is started on first use (startup and idle memory stay as they were until events flow) and its
 * code is a small CommonJS script given as text, around the text of event-log.ts's functions (the store's
 * own connection runs the same functions): it must run the same from `src/` under tsx, from `dist/` and
 * from the bundle, and workers do not inherit tsx's loader. If the worker cannot start or dies, `usable` turns false
 * and the store writes events on its own connection again; the batch in flight is reported as failed.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../../errors/aws-error.js';
import { EVENT_ROW_OVERHEAD_BYTES } from '../event-row.js';
import { CONNECTION_PRAGMAS } from './connection-pragmas.js';
import {
  appendEventBatch,
  EVENT_LOG_SOURCE,
  EVENT_LOG_SQL,
  MOVE_CHUNK_ROWS,
  moveBatches,
  prepareEventLog,
  pruneEventLog,
  pruneEventLogBytes,
} from './event-log.js';

type Request =
  | { readonly id: number; readonly kind: 'append'; readonly count: number; readonly rows: Uint8Array }
  | { readonly id: number; readonly kind: 'move' }
  | { readonly id: number; readonly kind: 'prune'; readonly keep: number }
  | { readonly id: number; readonly kind: 'pruneBytes'; readonly keepBytes: number };

type Reply =
  { readonly id: number; readonly kind: 'ok'; readonly result: unknown } | { readonly id: number; readonly kind: 'error'; readonly message: string };

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
${EVENT_LOG_SOURCE}
const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const log = ${prepareEventLog.name}(db, workerData.sql);
const chunkRows = workerData.chunkRows;
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
function inTransaction(work) {
  begin.run();
  try {
    const result = work();
    commit.run();
    return result;
  } catch (error) {
    if (db.inTransaction) rollback.run();
    throw error;
  }
}
const work = {
  append: (request) => ${appendEventBatch.name}(log, request.count, request.rows),
  move: () => ${moveBatches.name}(log, chunkRows),
  prune: (request) => ${pruneEventLog.name}(log, chunkRows, request.keep),
  pruneBytes: (request) => ${pruneEventLogBytes.name}(log, chunkRows, request.keepBytes, workerData.rowOverhead),
};
parentPort.on('message', (request) => {
  if (request.kind === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const result = inTransaction(() => work[request.kind](request));
    parentPort.postMessage({ id: request.id, kind: 'ok', result });
  } catch (error) {
    parentPort.postMessage({ id: request.id, kind: 'error', message: String(error && error.message || error) });
  }
});
`;

const ENCODER = new TextEncoder();

export class EventWriter {
  readonly #file: string;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #nextId = 1;
  #broken = false;

  constructor(file: string) {
    this.#file = file;
  }

  /** False once the worker failed: the caller then writes on its own connection. */
  get usable(): boolean {
    return !this.#broken;
  }

  /** True while the thread is up (started by an earlier call and not failed or closed). */
  get running(): boolean {
    return this.#worker !== undefined && !this.#broken;
  }

  /**
   * Stores a batch of `count` events (see event-log.ts); resolves once it has committed. The text goes over as
   * UTF-8 bytes whose memory moves to the thread: posting the string copied it twice (into the message and out
   * again), ~1.1 ns per byte against ~0.4 for encoding and moving it (a 1.3 MB batch, all threads).
   */
  async append(count: number, text: string): Promise<number> {
    // TextEncoder's array owns its memory (a small Buffer may share Node's pool, which must not move).
    const rows = ENCODER.encode(text);
    return (await this.#call((id) => ({ id, kind: 'append', count, rows }), [rows.buffer])) as number;
  }

  /** Moves the pending batches into the events table; resolves with the number of events moved. */
  async moveBatches(): Promise<number> {
    return (await this.#call((id) => ({ id, kind: 'move' }))) as number;
  }

  /** Keeps the newest `keep` events (see pruneEventLog); resolves with the number of events removed. */
  async prune(keep: number): Promise<number> {
    return (await this.#call((id) => ({ id, kind: 'prune', keep }))) as number;
  }

  /** Keeps the newest events within `keepBytes` (see pruneEventLogBytes). */
  async pruneBytes(keepBytes: number): Promise<{ removed: number; keptBytes: number }> {
    return (await this.#call((id) => ({ id, kind: 'pruneBytes', keepBytes }))) as { removed: number; keptBytes: number };
  }

  /** Closes the writer's connection and ends the thread; call only when nothing is pending. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    this.#broken = true;
    worker.ref();
    worker.postMessage({ kind: 'close' });
    await this.#exited;
  }

  #call(request: (id: number) => Request, transfer: readonly ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(request(id), transfer);
    });
  }

  #start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        // Resolved here: an eval'd worker's require() would look from the process's working directory.
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.#file,
        pragmas: CONNECTION_PRAGMAS,
        sql: EVENT_LOG_SQL,
        chunkRows: MOVE_CHUNK_ROWS,
        rowOverhead: EVENT_ROW_OVERHEAD_BYTES,
      },
    });
    // The thread keeps the process alive only while a write is pending (see #call and #settle).
    worker.unref();
    worker.on('message', (reply: Reply) => this.#settle(reply));
    worker.on('error', (error) => this.#fail(error));
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    void this.#exited.then(() => this.#fail(new Error('the event writer thread exited')));
    this.#worker = worker;
    return worker;
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if (reply.kind === 'ok') pending.resolve(reply.result);
    else pending.reject(new InternalError(`the event log write failed: ${reply.message}`));
  }

  #fail(error: Error): void {
    this.#broken = true;
    this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(new InternalError(`the event log write failed: ${error.message}`));
    this.#pending.clear();
  }
}
