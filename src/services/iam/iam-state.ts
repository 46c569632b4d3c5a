/**
 * The whole IAM state of every account, held in memory (design.md "Storage": reads on the hot path come
 * from memory) and loaded from the store at start. Every mutation runs under one async mutex: its plan is
 * computed against a consistent state, written in one store transaction, and applied to memory only after
 * the commit; then change listeners hear about it.
 */
import { InternalError } from '../../errors/aws-error.js';
import type { PolicyDocument, PolicyKind } from '../../policy/types.js';
import type { Json, Store, Tx } from '../../store/port.js';
import { accessKeysRepo, accountsRepo } from '../../store/repos/identity-repo.js';
import { AwsManagedCatalog } from './aws-managed-catalog.js';
import { DocumentCache } from './document-cache.js';
import type { IamChange, IamChangeListener } from './iam-changes.js';
import { IamIndex } from './iam-index.js';
import type { IndexWrite } from './iam-index.js';
import { DEFAULT_QUOTAS } from './iam-quotas.js';
import type { IamQuotas } from './iam-quotas.js';
import { IAM_COLLECTIONS, collectionOf, recordKey } from './records.js';
import type { IamRecord } from './records.js';

export interface IamStateOptions {
  /** AWS managed policies; defaults to `data/aws-managed-policies.json`, read on first use. */
  readonly catalog?: AwsManagedCatalog;
  /** Account quotas (aws-behaviour.md §2.2); benchmarks raise them. */
  readonly quotas?: Partial<IamQuotas>;
}

/** What a mutation wants done: writes (store, then memory), events, and its result. */
export interface MutationPlan<T> {
  readonly writes: readonly IndexWrite[];
  readonly events?: readonly IamChange[];
  readonly result: T;
  /** Runs after memory is updated and before listeners (e.g. keep the CredentialView in step). */
  readonly afterCommit?: () => void;
}

async function readAll(store: Store): Promise<IamIndex> {
  return store.transaction(async (tx) => {
    const records: IamRecord[] = [];
    for (const collection of Object.values(IAM_COLLECTIONS)) {
      for (const entry of await tx.list(collection)) records.push(entry.value as unknown as IamRecord);
    }
    return new IamIndex(records, await accessKeysRepo.list(tx), await accountsRepo.list(tx));
  });
}

async function writeAll(tx: Tx, writes: readonly IndexWrite[]): Promise<void> {
  for (const write of writes) {
    switch (write.op) {
      case 'put':
        await tx.put(collectionOf(write.record.kind), recordKey(write.record), write.record as unknown as Json);
        break;
      case 'delete':
        await tx.delete(collectionOf(write.record.kind), recordKey(write.record));
        break;
      case 'put-key':
        await accessKeysRepo.put(tx, write.key);
        break;
      case 'delete-key':
        await accessKeysRepo.delete(tx, write.key.accessKeyId);
        break;
    }
  }
}

export class IamState {
  readonly #store: Store;
  readonly catalog: AwsManagedCatalog;
  readonly quotas: IamQuotas;
  readonly #documents = new DocumentCache();
  readonly #listeners = new Set<IamChangeListener>();
  #index: IamIndex;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(store: Store, index: IamIndex, options: IamStateOptions) {
    this.#store = store;
    this.#index = index;
    this.catalog = options.catalog ?? new AwsManagedCatalog();
    this.quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
  }

  static async load(store: Store, options: IamStateOptions = {}): Promise<IamState> {
    return new IamState(store, await readAll(store), options);
  }

  /** The current state (read-only; replaced wholesale by `reload`). */
  get index(): IamIndex {
    return this.#index;
  }

  /** Reads everything again (admin reset, or another node changed the store). */
  async reload(): Promise<void> {
    await this.#exclusive(async () => {
      this.#index = await readAll(this.#store);
    });
    this.#emit([{ type: 'reloaded' }]);
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: IamChangeListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /**
   * Runs one mutation: `plan` sees the state as it is (no other mutation runs meanwhile), validates by
   * throwing AwsError, and returns its writes; they commit in one transaction, then reach memory.
   */
  async mutate<T>(plan: (index: IamIndex) => MutationPlan<T> | Promise<MutationPlan<T>>): Promise<T> {
    const done = await this.#exclusive(async () => {
      const planned = await plan(this.#index);
      if (planned.writes.length > 0) {
        await this.#store.transaction((tx) => writeAll(tx, planned.writes));
        this.#index.apply(planned.writes);
      }
      planned.afterCommit?.();
      return planned;
    });
    this.#emit(done.events ?? []);
    return done.result;
  }

  /** The parsed form of a stored text; `holder` is the record object that owns the text. */
  document(holder: object, text: string, kind: PolicyKind): PolicyDocument | undefined {
    return this.#documents.document(holder, text, kind);
  }

  primeDocument(holder: object, kind: PolicyKind, document: PolicyDocument): void {
    this.#documents.prime(holder, kind, document);
  }

  #emit(events: readonly IamChange[]): void {
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch (error) {
          // A listener's bug must not turn a committed IAM change into a failed request.
          queueMicrotask(() => {
            throw new InternalError(`an IAM change listener failed on ${event.type}`, { cause: error });
          });
        }
      }
    }
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
