/**
 * Every account's EC2 instances and instance-profile associations, in memory, loaded from the store at start:
 * a StateView (store/state-view.ts) like IamState's. The plan sees a consistent state, its writes commit in
 * one store transaction and only then reach memory. Change listeners (IMDS) run after the mutex is released
 * and may be async; `mutate` waits for them, so a RunInstances response is only sent once the instance's
 * metadata listener is open.
 */
import type { Json, Store } from '../../store/port.js';
import type { LabSync } from '../../store/lab-sync.js';
import type { ChangeOrigin, ListenerFailure, ViewSpec } from '../../store/state-view.js';
import { StateView } from '../../store/state-view.js';
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

type Ec2ChangeListener = (change: Ec2Change, origin: ChangeOrigin) => void | Promise<void>;

interface Ec2Plan<T> {
  readonly writes: readonly Ec2Record[];
  readonly events?: readonly Ec2Change[];
  readonly result: T;
}

interface Loaded {
  readonly instances: Map<string, InstanceRecord>;
  readonly associations: Map<string, AssociationRecord>;
}

const EC2_VIEW: ViewSpec<Loaded, Ec2Record> = {
  name: 'EC2',
  read: async (tx) => {
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
  },
  write: async (tx, writes) => {
    for (const record of writes) {
      const collection = record.kind === 'instance' ? EC2_COLLECTIONS.instances : EC2_COLLECTIONS.associations;
      await tx.put(collection, record.id, record as unknown as Json);
    }
  },
  apply: (data, writes) => {
    for (const record of writes) {
      if (record.kind === 'instance') data.instances.set(record.id, record);
      else data.associations.set(record.id, record);
    }
  },
};

/** Launch order: the order DescribeInstances lists instances in. */
function launchOrder(a: InstanceRecord, b: InstanceRecord): number {
  return a.firstLaunchMs - b.firstLaunchMs || a.reservationId.localeCompare(b.reservationId) || a.amiLaunchIndex - b.amiLaunchIndex;
}

interface Ec2StateOptions {
  readonly onListenerError?: (failure: ListenerFailure<Ec2Change>) => void;
  /** The node's link to the other nodes of the lab, when the store is shared. */
  readonly sync?: LabSync;
}

export class Ec2State {
  readonly timing: Ec2Timing;
  readonly #view: StateView<Loaded, Ec2Record, Ec2Change>;

  private constructor(view: StateView<Loaded, Ec2Record, Ec2Change>, timing: Ec2Timing) {
    this.#view = view;
    this.timing = timing;
  }

  static async load(store: Store, timing: Partial<Ec2Timing> = {}, options: Ec2StateOptions = {}): Promise<Ec2State> {
    const view = await StateView.load<Loaded, Ec2Record, Ec2Change>(store, EC2_VIEW, {
      ...(options.onListenerError === undefined ? {} : { onListenerError: options.onListenerError }),
      ...(options.sync === undefined ? {} : { sync: options.sync }),
    });
    return new Ec2State(view, { ...DEFAULT_EC2_TIMING, ...timing });
  }

  get #data(): Loaded {
    return this.#view.data;
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
    return this.#view.onChange(listener);
  }

  /** Runs one mutation (see the file comment); AwsErrors thrown by `plan` reach the client. */
  mutate<T>(plan: (state: Ec2State) => Ec2Plan<T>, requestId?: string): Promise<T> {
    return this.#view.mutate(() => plan(this), requestId);
  }

  /** Reads everything again (admin reset, recovery, or another node changed the store). */
  reload(): Promise<void> {
    return this.#view.reload({ type: 'reloaded' });
  }
}
