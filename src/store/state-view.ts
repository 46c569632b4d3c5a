/**
 * One mechanism for every in-memory view of the store (design.md "Storage": reads on the hot path come from
 * memory). A service describes its data once — how to read all of it, how to write a batch of its writes in a
 * transaction, how to apply a committed batch to memory — and the view does the rest the same way for all:
 *
 * - `mutate(plan)`: under one mutex, the plan sees a consistent state, decides (throwing AwsError to refuse),
 *   and returns writes, change events and a result; the writes commit in one store transaction and only then
 *   reach memory, so memory never shows what the store does not hold.
 * - On a store several nodes share (`sync`, store/lab-sync.ts), the plan runs inside the store transaction after
 *   the node has applied every other node's committed changes, so it decides on the database's state; the
 *   writes (and the change events) join the store's change feed in the same transaction, and reach the other
 *   nodes' memory by the same `apply`, their events announced there as `remote`.
 * - `reload()`: read everything again (reset, recovery after a store outage, a lost notification).
 * - Derived views (the credential view the authentication path reads) follow every load and every applied
 *   batch through `derive`, inside the mutex, so they can never fall out of step with the view.
 * - Change listeners hear the events after the mutex is released, in order, awaited; a listener that throws is
 *   reported with the change and the request id, and the request that committed the change still succeeds.
 */
import { AsyncMutex } from '../lib/async-mutex.js';
import { plainJson } from '../lib/plain-json.js';
import type { LabSync } from './lab-sync.js';
import type { Json, Store, Tx } from './port.js';

export interface ViewSpec<D, W> {
  /** For reports: `IAM`, `EC2`, `S3`, `MFA`. */
  readonly name: string;
  /** Everything the view holds, read in one transaction. */
  read(tx: Tx): Promise<D>;
  /** Writes a batch in the caller's transaction. */
  write(tx: Tx, writes: readonly W[]): Promise<void>;
  /** Applies a committed batch to memory. */
  apply(data: D, writes: readonly W[]): void;
  /**
   * A batch as JSON for the change feed, and back (default: the writes through JSON text, for writes that are
   * plain data, as the records they carry are stored).
   */
  encode?(writes: readonly W[]): Json;
  decode?(json: Json): readonly W[];
}

/** What a mutation decided: the writes to commit (possibly none), the changes to announce, the result. */
interface Plan<W, E, T> {
  readonly writes?: readonly W[];
  readonly events?: readonly E[];
  readonly result: T;
}

/** Where a change was committed: by this node, or by another node sharing the store. */
export type ChangeOrigin = 'local' | 'remote';

type ChangeListener<E> = (change: E, origin: ChangeOrigin) => void | Promise<void>;

/** A view computed from another: told of every load and every committed batch, in order. */
interface DerivedView<D, W> {
  loaded(data: D): void;
  applied(writes: readonly W[], data: D): void;
}

export interface ListenerFailure<E> {
  readonly view: string;
  readonly change: E;
  /** The request whose mutation announced the change, when there was one. */
  readonly requestId: string | undefined;
  readonly error: unknown;
}

interface StateViewOptions<E> {
  readonly onListenerError?: (failure: ListenerFailure<E>) => void;
  /** The node's link to the other nodes of the lab, when the store is shared. */
  readonly sync?: LabSync;
}

/** A batch as the change feed carries it. */
interface FeedBatch {
  readonly writes: Json;
  readonly events: Json;
}

/** Plain data as the JSON it becomes on the wire (members left undefined dropped). */
function asJson(value: unknown): Json {
  return plainJson(value) as Json;
}

function reportToStderr<E>(failure: ListenerFailure<E>): void {
  const change = JSON.stringify(failure.change);
  const reason = failure.error instanceof Error ? (failure.error.stack ?? failure.error.message) : String(failure.error);
  process.stderr.write(`${failure.view} change listener failed on ${change} (request ${failure.requestId ?? 'none'}): ${reason}\n`);
}

export class StateView<D, W, E> {
  readonly #store: Store;
  readonly #spec: ViewSpec<D, W>;
  readonly #mutex: AsyncMutex;
  readonly #sync: LabSync | undefined;
  readonly #listeners = new Set<ChangeListener<E>>();
  readonly #derived: DerivedView<D, W>[] = [];
  readonly #onListenerError: (failure: ListenerFailure<E>) => void;
  #data: D;

  private constructor(store: Store, spec: ViewSpec<D, W>, data: D, options: StateViewOptions<E>) {
    this.#store = store;
    this.#spec = spec;
    this.#data = data;
    this.#onListenerError = options.onListenerError ?? reportToStderr;
    this.#sync = options.sync;
    // With a shared store every view of the node shares the sync's mutex, so a catch-up may apply to any view.
    this.#mutex = options.sync?.mutex ?? new AsyncMutex();
    options.sync?.register(spec.name, {
      apply: (body) => {
        const batch = body as unknown as FeedBatch;
        this.#applyInMemory(spec.decode?.(batch.writes) ?? (batch.writes as unknown as readonly W[]));
        const events = batch.events as unknown as readonly E[];
        return events.length === 0 ? undefined : () => this.#emit(events, undefined, 'remote');
      },
    });
  }

  static async load<D, W, E>(store: Store, spec: ViewSpec<D, W>, options: StateViewOptions<E> = {}): Promise<StateView<D, W, E>> {
    return new StateView<D, W, E>(store, spec, await store.transaction((tx) => spec.read(tx)), options);
  }

  /** The current data (replaced wholesale by `reload`: do not keep it across an `await`). */
  get data(): D {
    return this.#data;
  }

  /** Runs one mutation (see the file comment); AwsErrors thrown by `plan` reach the client unchanged. */
  async mutate<T>(plan: (data: D) => Plan<W, E, T> | Promise<Plan<W, E, T>>, requestId?: string): Promise<T> {
    if (this.#sync !== undefined) return this.#mutateShared(this.#sync, plan, requestId);
    const planned = await this.#mutex.run(async () => {
      const decided = await plan(this.#data);
      const writes = decided.writes ?? [];
      if (writes.length > 0) {
        await this.#store.transaction((tx) => this.#spec.write(tx, writes));
        this.#applyInMemory(writes);
      }
      return decided;
    });
    await this.#emit(planned.events ?? [], requestId, 'local');
    return planned.result;
  }

  /** `mutate` on a shared store: planned and written in the transaction, after catching up (file comment). */
  async #mutateShared<T>(sync: LabSync, plan: (data: D) => Plan<W, E, T> | Promise<Plan<W, E, T>>, requestId: string | undefined): Promise<T> {
    const planned = await sync.mutate(
      async (tx) => {
        const decided = await plan(this.#data);
        const writes = decided.writes ?? [];
        if (writes.length === 0) return { value: decided };
        await this.#spec.write(tx, writes);
        // Through JSON text: an optional member left undefined is dropped, as a stored record's would be.
        const batch: FeedBatch = {
          writes: this.#spec.encode?.(writes) ?? asJson(writes),
          events: asJson(decided.events ?? []),
        };
        return { value: decided, change: { part: this.#spec.name, body: batch as unknown as Json } };
      },
      (decided) => {
        const writes = decided.writes ?? [];
        if (writes.length > 0) this.#applyInMemory(writes);
      },
    );
    await this.#emit(planned.events ?? [], requestId, 'local');
    return planned.result;
  }

  /** Reads everything again; `reloaded` is announced to listeners when given. */
  async reload(reloaded?: E): Promise<void> {
    await this.#mutex.run(async () => {
      this.#data = await this.#store.transaction((tx) => this.#spec.read(tx));
      for (const derived of this.#derived) derived.loaded(this.#data);
    });
    if (reloaded !== undefined) await this.#emit([reloaded], undefined, 'local');
  }

  /** Keeps `derived` in step with this view from now on (it is told of the current data at once). */
  derive(derived: DerivedView<D, W>): void {
    this.#derived.push(derived);
    derived.loaded(this.#data);
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: ChangeListener<E>): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Runs `fn` with no mutation in progress (a consistent read across several awaits). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#mutex.run(fn);
  }

  #applyInMemory(writes: readonly W[]): void {
    this.#spec.apply(this.#data, writes);
    for (const derived of this.#derived) derived.applied(writes, this.#data);
  }

  async #emit(events: readonly E[], requestId: string | undefined, origin: ChangeOrigin): Promise<void> {
    for (const change of events) {
      for (const listener of this.#listeners) {
        try {
          await listener(change, origin);
        } catch (error) {
          // A listener's bug must not turn a committed change into a failed request, nor stop the lab.
          this.#onListenerError({ view: this.#spec.name, change, requestId, error });
        }
      }
    }
  }
}
