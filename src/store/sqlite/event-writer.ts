/**
 * Writes the event log of a file database from a worker thread with its own connection.
 *
 * Why: the audit trail appends one event per request, and its inserts (each touching a random page of the
 * request-id index), their commits and the WAL checkpoints they trigger cost about as much as the rest of
 * an authenticated request (`npm run bench`). On the main thread that time is taken from requests; here it
 * runs beside them. The store still runs one operation at a time (its queue waits for the writer's
 * answer), so the two connections never write at once and every read after an acknowledged append sees it.
 *
 * The worker is started on first use (startup and idle memory stay as they were until events flow) and its
 * code is a small CommonJS script given as text: it must run the same from `src/` under tsx and from
 * `dist/`, and workers do not inherit tsx's loader. If the worker cannot start or dies, `usable` turns false
 * and the store writes events on its own connection again; the batch in flight is reported as failed.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../../errors/aws-error.js';
import { CONNECTION_PRAGMAS } from './connection-pragmas.js';
import { APPEND_CHUNK_ROWS, APPEND_EVENT_CHUNK_SQL, APPEND_EVENT_SQL, PRUNE_EVENTS_SQL, type EventValues } from './sqlite-statements.js';

type Request =
  | { readonly id: number; readonly kind: 'append'; readonly rows: readonly EventValues[] }
  | { readonly id: number; readonly kind: 'prune'; readonly keep: number };

type Reply = { readonly id: number; readonly ok: true; readonly changes: number } | { readonly id: number; readonly ok: false; readonly message: string };

interface Pending {
  resolve(changes: number): void;
  reject(error: Error): void;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const append = db.prepare(workerData.appendSql);
const appendChunk = db.prepare(workerData.appendChunkSql);
const chunkRows = workerData.chunkRows;
function appendRows(rows) {
  let at = 0;
  for (; at + chunkRows <= rows.length; at += chunkRows) appendChunk.run(rows.slice(at, at + chunkRows).flat());
  for (; at < rows.length; at++) append.run(rows[at]);
  return rows.length;
}
const prune = db.prepare(workerData.pruneSql);
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
parentPort.on('message', (request) => {
  if (request.kind === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const changes = request.kind === 'append'
      ? inTransaction(() => appendRows(request.rows))
      : inTransaction(() => prune.run(request.keep).changes);
    parentPort.postMessage({ id: request.id, ok: true, changes });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, message: String(error && error.message || error) });
  }
});
`;

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

  /** Inserts the rows in one transaction; resolves once it has committed. */
  append(rows: readonly EventValues[]): Promise<number> {
    return this.#call((id) => ({ id, kind: 'append', rows }));
  }

  /** Runs the retention DELETE (see PRUNE_EVENTS_SQL); resolves with the number of events removed. */
  prune(keep: number): Promise<number> {
    return this.#call((id) => ({ id, kind: 'prune', keep }));
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

  #call(request: (id: number) => Request): Promise<number> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise<number>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(request(id));
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
        appendSql: APPEND_EVENT_SQL,
        appendChunkSql: APPEND_EVENT_CHUNK_SQL,
        chunkRows: APPEND_CHUNK_ROWS,
        pruneSql: PRUNE_EVENTS_SQL,
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
    if (reply.ok) pending.resolve(reply.changes);
    else pending.reject(new InternalError(`the event log write failed: ${reply.message}`));
  }

  #fail(error: Error): void {
    this.#broken = true;
    this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(new InternalError(`the event log write failed: ${error.message}`));
    this.#pending.clear();
  }
}
