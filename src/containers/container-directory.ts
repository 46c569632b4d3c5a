/**
 * The tasks and pods of the lab, kept in the store's `containers` collection (keyed by id) and in memory,
 * with the two ways a credentials request finds its record: an ECS task by its credentials id, a pod by its
 * token. Work on one record is serialised (`withRecord`), so a delete never races a renewal's write.
 * On a lab of several nodes (`sync`), each write joins the store's change feed and reaches the other nodes'
 * directories (design.md "One lab on many nodes").
 */
import { createHash } from 'node:crypto';
import { KeyedMutex } from '../lib/async-mutex.js';
import type { LabSync } from '../store/lab-sync.js';
import type { Json, Store, Tx } from '../store/port.js';
import type { ContainerKind, ContainerRecord, PodRecord, TaskRecord } from './container-records.js';

const CONTAINERS_COLLECTION = 'containers';
const CONTAINERS_PART = 'containers';

/** A write as the change feed carries it. */
type DirectoryChange = { readonly put: ContainerRecord } | { readonly deleted: string };

const tokenKey = (token: string): string => createHash('sha256').update(token).digest('hex');

export class ContainerDirectory {
  readonly #store: Store;
  readonly #records = new Map<string, ContainerRecord>();
  readonly #tasksByCredentialsId = new Map<string, string>();
  readonly #podsByToken = new Map<string, string>();
  readonly #locks = new KeyedMutex();
  readonly #sync: LabSync | undefined;

  private constructor(store: Store, sync: LabSync | undefined) {
    this.#store = store;
    this.#sync = sync;
    sync?.register(CONTAINERS_PART, {
      apply: (body) => {
        const change = body as unknown as DirectoryChange;
        if ('put' in change) this.#remember(change.put);
        else this.#forget(change.deleted);
        return undefined;
      },
    });
  }

  static async load(store: Store, sync?: LabSync): Promise<ContainerDirectory> {
    const directory = new ContainerDirectory(store, sync);
    await directory.reload();
    return directory;
  }

  /** Reads everything again (lab reset, store recovery). */
  async reload(): Promise<void> {
    const entries = await this.#store.transaction((tx) => tx.list(CONTAINERS_COLLECTION));
    this.#records.clear();
    this.#tasksByCredentialsId.clear();
    this.#podsByToken.clear();
    for (const entry of entries) this.#remember(entry.value as unknown as ContainerRecord);
  }

  list(kind: ContainerKind): ContainerRecord[] {
    return [...this.#records.values()].filter((record) => record.kind === kind).sort((a, b) => a.createdMs - b.createdMs || a.id.localeCompare(b.id));
  }

  get(kind: ContainerKind, id: string): ContainerRecord | undefined {
    const record = this.#records.get(id);
    return record?.kind === kind ? record : undefined;
  }

  /** The task whose `/v2/credentials/<id>` this is. */
  taskByCredentialsId(credentialsId: string): TaskRecord | undefined {
    const id = this.#tasksByCredentialsId.get(credentialsId);
    const record = id === undefined ? undefined : this.#records.get(id);
    return record?.kind === 'ecs-task' ? record : undefined;
  }

  /** The pod whose token this is (looked up by its digest; the caller compares the token itself). */
  podByToken(token: string): PodRecord | undefined {
    const id = this.#podsByToken.get(tokenKey(token));
    const record = id === undefined ? undefined : this.#records.get(id);
    return record?.kind === 'eks-pod' ? record : undefined;
  }

  async add(record: ContainerRecord): Promise<void> {
    await this.#locks.run(record.id, () => this.save(record));
  }

  /** Runs `fn` with the record as it is now (undefined once deleted), alone among the work on that record. */
  withRecord<T>(id: string, fn: (record: ContainerRecord | undefined) => Promise<T>): Promise<T> {
    return this.#locks.run(id, () => fn(this.#records.get(id)));
  }

  /** Store first, then memory (design.md "Storage": memory never shows what the store does not hold). Inside withRecord or add. */
  async save(record: ContainerRecord): Promise<void> {
    await this.#write({ put: record }, (tx) => tx.put(CONTAINERS_COLLECTION, record.id, record as unknown as Json));
    this.#remember(record);
  }

  /** Removes a record; false when there was none of that kind. */
  delete(kind: ContainerKind, id: string): Promise<boolean> {
    return this.#locks.run(id, async () => {
      const record = this.#records.get(id);
      if (record?.kind !== kind) return false;
      await this.#write({ deleted: id }, (tx) => tx.delete(CONTAINERS_COLLECTION, id));
      this.#forget(id);
      return true;
    });
  }

  /** One write in its own transaction, announced to the other nodes when there are some. */
  async #write(change: DirectoryChange, write: (tx: Tx) => Promise<unknown>): Promise<void> {
    if (this.#sync === undefined) {
      await this.#store.transaction(write);
      return;
    }
    await this.#sync.mutate(async (tx) => {
      await write(tx);
      return { value: undefined, change: { part: CONTAINERS_PART, body: change as unknown as Json } };
    });
  }

  #forget(id: string): void {
    const record = this.#records.get(id);
    if (record === undefined) return;
    this.#records.delete(id);
    if (record.kind === 'ecs-task') this.#tasksByCredentialsId.delete(record.credentialsId);
    else this.#podsByToken.delete(tokenKey(record.token));
  }

  #remember(record: ContainerRecord): void {
    this.#records.set(record.id, record);
    if (record.kind === 'ecs-task') this.#tasksByCredentialsId.set(record.credentialsId, record.id);
    else this.#podsByToken.set(tokenKey(record.token), record.id);
  }
}
