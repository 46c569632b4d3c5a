/**
 * The PostgreSQL `Store`, for several iamlab nodes sharing one lab. Each transaction runs on one pooled
 * client and holds the store lock (see `store-lock.ts`) from BEGIN to COMMIT. An acknowledged write is one
 * whose COMMIT returned, with the server's default `synchronous_commit = on`: it survives the death of this
 * process and of the server.
 *
 * Outages: a failure of the connection or of the server (see `isPostgresUnavailable`) becomes a
 * `StoreUnavailableError`, which the gateway answers with the service's 503. The store then waits before it
 * tries the server again (backoff from 100 ms doubling to 5 s, failing calls at once meanwhile), so that a
 * lab under load does not open a connection attempt per request while PostgreSQL is down; the first call
 * after the wait tries again, and a success ends the outage.
 */
import type { Pool, PoolClient } from 'pg';
import { InternalError } from '../../errors/aws-error.js';
import type { BlobStore } from '../blob/blob-store.js';
import { EVENT_ROW_OVERHEAD_BYTES, EventBytesBound, eventFilterParams, eventShape, toStoredEvent, type EventRow } from '../event-row.js';
import { checkCount, checkEventQuery, checkNewEvent } from '../input-checks.js';
import { encodeJson } from '../json-codec.js';
import type { EventQuery, NewEvent, Store, StoredEvent, Tx } from '../port.js';
import { ReentryGuard } from '../reentry-guard.js';
import { isPostgresUnavailable, StoreUnavailableError } from '../store-unavailable.js';
import { inPooledTransaction } from './pooled-transaction.js';
import { PostgresChangeFeed } from './postgres-change-feed.js';
import { PostgresBlobStore } from './postgres-blob-store.js';
import { eventsStatement, pgStatements } from './postgres-statements.js';
import { PostgresTx } from './postgres-tx.js';
import { beginLockedSql } from './store-lock.js';

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly changes: PostgresChangeFeed;
  readonly #guard: ReentryGuard;
  readonly #beginSql: string;
  #closed = false;
  /** While PostgreSQL is unreachable: when to try it again, and the current backoff. */
  #retryAtMs = 0;
  #backoffMs = 0;
  readonly #recoveryListeners: (() => void)[] = [];
  readonly #eventBytes = new EventBytesBound();
  readonly #pool: Pool;
  #blobs: PostgresBlobStore | undefined;

  readonly #checkValues: boolean;

  constructor(pool: Pool, schemaHash: number, checkReentry = false, checkValues = true) {
    this.#pool = pool;
    this.#checkValues = checkValues;
    this.#guard = new ReentryGuard(checkReentry);
    this.#beginSql = beginLockedSql(schemaHash);
    this.changes = new PostgresChangeFeed(pool, schemaHash, (operation, task) => this.#guarded(operation, task));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#guarded('transaction', () =>
      this.#locked(async (client) => {
        const tx = new PostgresTx(client, this.#checkValues);
        try {
          return await fn(tx);
        } finally {
          await tx.finish();
        }
      }),
    );
  }

  appendEvents(events: readonly NewEvent[]): Promise<void> {
    return this.#guarded('appendEvents', async () => {
      events.forEach(checkNewEvent);
      if (events.length === 0) return;
      const columns = [
        events.map((e) => e.timeMs),
        events.map((e) => e.requestId),
        events.map((e) => e.principalArn),
        events.map((e) => e.action),
        events.map((e) => e.decision),
        events.map((e) => e.errorCode),
        events.map((e) => encodeJson(e.body, 'event body', this.#checkValues)),
      ];
      // Under the store lock, so seqs become visible in increasing order (a follower never skips one).
      await this.#locked((client) => client.query({ ...pgStatements.appendEvents, values: columns }));
      this.#eventBytes.added(
        (columns[6] as string[]).reduce((sum, body) => sum + body.length, 0),
        events.length,
      );
    });
  }

  queryEvents(query: EventQuery): Promise<StoredEvent[]> {
    return this.#guarded('queryEvents', async () => {
      checkEventQuery(query);
      const values = [...eventFilterParams(query), query.limit ?? null];
      const result = await this.#pool.query<EventRow>({ ...eventsStatement(eventShape(query)), values });
      return result.rows.map(toStoredEvent);
    });
  }

  pruneEvents(maxEvents: number, maxBytes?: number): Promise<number> {
    return this.#guarded('pruneEvents', async () => {
      const keep = checkCount(maxEvents, 'maxEvents');
      const keepBytes = maxBytes === undefined ? undefined : checkCount(maxBytes, 'maxBytes');
      return this.#locked(async (client) => {
        let removed = (await client.query({ ...pgStatements.pruneEvents, values: [keep] })).rowCount ?? 0;
        if (keepBytes !== undefined && this.#eventBytes.mayExceed(keepBytes)) {
          removed += (await client.query({ ...pgStatements.pruneEventsBytes, values: [keepBytes, EVENT_ROW_OVERHEAD_BYTES] })).rowCount ?? 0;
          const measured = await client.query<{ total: string }>({ ...pgStatements.eventBytes, values: [EVENT_ROW_OVERHEAD_BYTES] });
          this.#eventBytes.measured(Number(measured.rows[0]?.total ?? 0));
        }
        return removed;
      });
    });
  }

  clear(): Promise<void> {
    return this.#guarded('clear', async () => {
      await this.#locked((client) => client.query(pgStatements.clear));
      this.#eventBytes.measured(0);
    });
  }

  /**
   * Object bytes in this store's database, on its pool (design.md "Storage": with PostgreSQL every node reaches
   * them). Not part of the Store port: SQLite keeps them in files beside the database, and which blob store a lab
   * uses is app/'s choice.
   */
  blobStore(): BlobStore {
    this.#blobs ??= new PostgresBlobStore(this.#pool);
    return this.#blobs;
  }

  onRecovered(listener: () => void): void {
    this.#recoveryListeners.push(listener);
  }

  /** Waits for checked-out clients to come back, then disconnects; closing twice is harmless. */
  async close(): Promise<void> {
    this.#guard.check('close');
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #guarded<T>(operation: string, task: () => Promise<T>): Promise<T> {
    try {
      this.#guard.check(operation);
      if (this.#closed) throw new InternalError(`${operation} called on a closed store`);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#backoffMs > 0 && Date.now() < this.#retryAtMs) {
      return Promise.reject(new StoreUnavailableError(`PostgreSQL is unreachable; trying again in ${this.#retryAtMs - Date.now()} ms`));
    }
    return this.#guard.run(task).then(
      (result) => {
        if (this.#backoffMs > 0) {
          this.#backoffMs = 0;
          // A COMMIT cut off by the outage may or may not have happened: whoever keeps views reloads them.
          const listeners = [...this.#recoveryListeners];
          setImmediate(() => listeners.forEach((listener) => listener()));
        }
        return result;
      },
      (error: unknown) => {
        if (!isPostgresUnavailable(error)) throw error;
        this.#backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, this.#backoffMs * 2));
        this.#retryAtMs = Date.now() + this.#backoffMs;
        const reason = error instanceof Error ? error.message : String(error);
        throw new StoreUnavailableError(`PostgreSQL is unavailable (${operation}): ${reason}`, { cause: error });
      },
    );
  }

  /** Runs `work` in a transaction holding the store lock: COMMIT when it resolves, ROLLBACK when it throws. */
  #locked<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inPooledTransaction(this.#pool, this.#beginSql, work);
  }
}
