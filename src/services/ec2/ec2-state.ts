/**
 * Every account's EC2 instances and instance-profile associations, in memory, loaded from the store at start
 * (like IamState: design.md "Storage"). Mutations run under one async mutex: the plan sees a consistent
 * state, its writes commit in one store transaction and only then reach memory. Change listeners (IMDS) run
 * after the mutex is released and may be async; `mutate` waits for them, so a RunInstances response is only
 * sent once the instance's metadata listener is open.
 */
import { InternalError } from '../../errors/aws-error.js';
import type { Json, Store } from '../../store/port.js';
import type { AssociationRecord, Ec2Record, InstanceRecord } from './ec2-records.js';
import { EC2_COLLECTIONS } from './ec2-records.js';
import type { Ec2Timing } from './ec2-timing.js';
import { DEFAULT_EC2_TIMING } from './ec2-timing.js';
import { associationStateAt } from './instance-status.js';

/** What happened, for listeners (the IMDS manager opens/closes listeners and refreshes credentials). */
export type Ec2Change =
  | { readonly type: 'instance-launched'; readonly instanceId: string }
  | { readonly type: 'instance-started'; readonly instanceId: string }
  | { readonly type: 'instance-stopped'; readonly instanceId: string }
  | { readonly type: 'instance-terminated'; readonly instanceId: string }
  | { readonly type: 'association-changed'; readonly instanceId: string }
  | { readonly type: 'metadata-options-changed'; readonly instanceId: string }
  | { readonly type: 'reloaded' };

export type Ec2ChangeListener = (change: Ec2Change) => void | Promise<void>;

export interface Ec2Plan<T> {
  readonly writes: readonly Ec2Record[];
  readonly events?: readonly Ec2Change[];
  readonly result: T;
}

function collectionOf(record: Ec2Record): string {
  return record.kind === 'instance' ? EC2_COLLECTIONS.instances : EC2_COLLECTIONS.associations;
}

interface Loaded {
  readonly instances: Map<string, InstanceRecord>;
  readonly associations: Map<string, AssociationRecord>;
}

async function readAll(store: Store): Promise<Loaded> {
  return store.transaction(async (tx) => {
    const instances = new Map<string, InstanceRecord>();
    const associations = new Map<string, AssociationRecord>();
    for (const entry of await tx.list(EC2_COLLECTIONS.instances)) {
      const record = entry.value as unknown as InstanceRecord;
      instances.set(record.id, record);
    }
    for (const entry of await tx.list(EC2_COLLECTIONS.associations)) {
      const record = entry.value as unknown as AssociationRecord;
      associations.set(record.id, record);
    }
    return { instances, associations };
  });
}

/** Launch order: the order DescribeInstances lists instances in. */
function launchOrder(a: InstanceRecord, b: InstanceRecord): number {
  return a.firstLaunchMs - b.firstLaunchMs || a.reservationId.localeCompare(b.reservationId) || a.amiLaunchIndex - b.amiLaunchIndex;
}

export class Ec2State {
  readonly #store: Store;
  readonly timing: Ec2Timing;
  readonly #listeners = new Set<Ec2ChangeListener>();
  #data: Loaded;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(store: Store, data: Loaded, timing: Ec2Timing) {
    this.#store = store;
    this.#data = data;
    this.timing = timing;
  }

  static async load(store: Store, timing: Partial<Ec2Timing> = {}): Promise<Ec2State> {
    return new Ec2State(store, await readAll(store), { ...DEFAULT_EC2_TIMING, ...timing });
  }

  instance(id: string): InstanceRecord | undefined {
    return this.#data.instances.get(id);
  }

  /** Every instance of every account and region, in launch order. */
  allInstances(): InstanceRecord[] {
    return [...this.#data.instances.values()].sort(launchOrder);
  }

  /** The instances of one account in one region, in launch order. */
  instances(account: string, region: string): InstanceRecord[] {
    return this.allInstances().filter((i) => i.account === account && i.region === region);
  }

  association(id: string): AssociationRecord | undefined {
    return this.#data.associations.get(id);
  }

  associations(account: string, region: string): AssociationRecord[] {
    return [...this.#data.associations.values()]
      .filter((a) => a.account === account && a.region === region)
      .sort((a, b) => a.createdMs - b.createdMs || a.id.localeCompare(b.id));
  }

  /**
   * The instance's association that is not yet `disassociated` (associating, associated or disassociating):
   * there is at most one (§3.2, one profile per instance).
   */
  currentAssociation(instanceId: string, nowMs: number): AssociationRecord | undefined {
    for (const association of this.#data.associations.values()) {
      if (association.instanceId === instanceId && associationStateAt(association, nowMs, this.timing) !== 'disassociated') return association;
    }
    return undefined;
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: Ec2ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Runs one mutation (see the file comment); AwsErrors thrown by `plan` reach the client. */
  async mutate<T>(plan: (state: Ec2State) => Ec2Plan<T>): Promise<T> {
    const done = await this.#exclusive(async () => {
      const planned = plan(this);
      if (planned.writes.length > 0) {
        await this.#store.transaction(async (tx) => {
          for (const record of planned.writes) await tx.put(collectionOf(record), record.id, record as unknown as Json);
        });
        for (const record of planned.writes) {
          if (record.kind === 'instance') this.#data.instances.set(record.id, record);
          else this.#data.associations.set(record.id, record);
        }
      }
      return planned;
    });
    await this.#emit(done.events ?? []);
    return done.result;
  }

  /** Reads everything again (admin reset, or another node changed the store). */
  async reload(): Promise<void> {
    await this.#exclusive(async () => {
      this.#data = await readAll(this.#store);
    });
    await this.#emit([{ type: 'reloaded' }]);
  }

  async #emit(events: readonly Ec2Change[]): Promise<void> {
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          await listener(event);
        } catch (error) {
          // A listener's bug must not turn a committed EC2 change into a failed request.
          queueMicrotask(() => {
            throw new InternalError(`an EC2 change listener failed on ${event.type}`, { cause: error });
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
