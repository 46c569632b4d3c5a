/**
 * The whole IAM state of every account, held in memory and loaded from the store at start: a StateView
 * (store/state-view.ts) over the IAM collections and the access keys. Every mutation's plan is computed
 * against a consistent state, written in one store transaction, and applied to memory only after the
 * commit; then change listeners hear about it. The credential view the authentication path reads is derived
 * from the committed writes (`deriveCredentials`), never kept in step by handlers.
 */
import type { PolicyDocument, PolicyKind } from '../../policy/types.js';
import type { Json, Store, Tx } from '../../store/port.js';
import { accessKeysRepo, accountsRepo } from '../../store/repos/identity-repo.js';
import type { StoredAccessKey } from '../../store/repos/identity-repo.js';
import type { LabSync } from '../../store/lab-sync.js';
import type { ListenerFailure, ViewSpec } from '../../store/state-view.js';
import { StateView } from '../../store/state-view.js';
import { readAccountRecords, writeAccountRecord } from './account-records.js';
import { AwsManagedCatalog } from './aws-managed-catalog.js';
import { DocumentCache } from './document-cache.js';
import type { IamChange, IamChangeListener } from './iam-changes.js';
import { IamIndex } from './iam-index.js';
import type { IndexWrite } from './iam-index.js';
import { DEFAULT_QUOTAS } from './iam-quotas.js';
import type { IamQuotas } from './iam-quotas.js';
import { IAM_COLLECTIONS, collectionOf, recordKey } from './records.js';
import type { IamRecord } from './records.js';

interface IamStateOptions {
  /** AWS managed policies; defaults to `data/aws-managed-policies.json`, read on first use. */
  readonly catalog?: AwsManagedCatalog;
  /** Account quotas (aws-behaviour.md §2.2); benchmarks raise them. */
  readonly quotas?: Partial<IamQuotas>;
  readonly onListenerError?: (failure: ListenerFailure<IamChange>) => void;
  /** The node's link to the other nodes of the lab, when the store is shared. */
  readonly sync?: LabSync;
}

/** What a mutation wants done: writes (store, then memory), events, and its result. */
interface MutationPlan<T> {
  readonly writes: readonly IndexWrite[];
  readonly events?: readonly IamChange[];
  readonly result: T;
}

/** Follows every access key the view loads or a committed write puts or deletes. */
interface AccessKeyFollower {
  load(keys: readonly StoredAccessKey[]): void;
  putLongTerm(key: StoredAccessKey): void;
  remove(accessKeyId: string): void;
}

const IAM_VIEW: ViewSpec<IamIndex, IndexWrite> = {
  name: 'IAM',
  read: async (tx) => {
    const records: IamRecord[] = [];
    for (const collection of Object.values(IAM_COLLECTIONS)) {
      for (const entry of await tx.list(collection)) records.push(entry.value as unknown as IamRecord);
    }
    return new IamIndex(records, await accessKeysRepo.list(tx), await accountsRepo.list(tx), await readAccountRecords(tx));
  },
  write: async (tx: Tx, writes) => {
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
        case 'put-account':
          await accountsRepo.insert(tx, write.account);
          break;
        default:
          await writeAccountRecord(tx, write);
      }
    }
  },
  apply: (index, writes) => index.apply(writes),
};

export class IamState {
  readonly #view: StateView<IamIndex, IndexWrite, IamChange>;
  readonly catalog: AwsManagedCatalog;
  readonly quotas: IamQuotas;
  readonly #documents = new DocumentCache();

  private constructor(view: StateView<IamIndex, IndexWrite, IamChange>, options: IamStateOptions) {
    this.#view = view;
    this.catalog = options.catalog ?? new AwsManagedCatalog();
    this.quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
  }

  static async load(store: Store, options: IamStateOptions = {}): Promise<IamState> {
    const view = await StateView.load<IamIndex, IndexWrite, IamChange>(store, IAM_VIEW, {
      ...(options.onListenerError === undefined ? {} : { onListenerError: options.onListenerError }),
      ...(options.sync === undefined ? {} : { sync: options.sync }),
    });
    return new IamState(view, options);
  }

  /** The current state (read-only; replaced wholesale by `reload`). */
  get index(): IamIndex {
    return this.#view.data;
  }

  /** Reads everything again (admin reset, recovery, or another node changed the store). */
  reload(): Promise<void> {
    return this.#view.reload({ type: 'reloaded' });
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: IamChangeListener): () => void {
    return this.#view.onChange(listener);
  }

  /** Keeps `follower` (the credential view) in step with every key the store holds, from now on. */
  deriveCredentials(follower: AccessKeyFollower): void {
    this.#view.derive({
      loaded: (index) => follower.load(index.allAccessKeys()),
      applied: (writes) => {
        for (const write of writes) {
          if (write.op === 'put-key') follower.putLongTerm(write.key);
          else if (write.op === 'delete-key') follower.remove(write.key.accessKeyId);
        }
      },
    });
  }

  /**
   * Runs one mutation: `plan` sees the state as it is (no other mutation runs meanwhile), validates by
   * throwing AwsError, and returns its writes; they commit in one transaction, then reach memory.
   */
  mutate<T>(plan: (index: IamIndex) => MutationPlan<T> | Promise<MutationPlan<T>>, requestId?: string): Promise<T> {
    return this.#view.mutate(plan, requestId);
  }

  /** The parsed form of a stored text; `holder` is the record object that owns the text. */
  document(holder: object, text: string, kind: PolicyKind): PolicyDocument | undefined {
    return this.#documents.document(holder, text, kind);
  }

  primeDocument(holder: object, kind: PolicyKind, document: PolicyDocument): void {
    this.#documents.prime(holder, kind, document);
  }
}
