/**
 * Every account's virtual MFA devices, in memory and in the store (collection `mfa-devices`, keyed by serial
 * number, which contains the account): a StateView (store/state-view.ts) like the other services'. Reads are
 * synchronous from memory; a mutation's plan is computed from the current state, written in one store
 * transaction, and only then applied in memory, so memory never shows what the store does not hold.
 */
import type { LabSync } from '../../store/lab-sync.js';
import type { Json, Store } from '../../store/port.js';
import type { ViewSpec } from '../../store/state-view.js';
import { StateView } from '../../store/state-view.js';
import { deviceFromJson, deviceToJson, type MfaDevice } from './mfa-device.js';

const MFA_DEVICES_COLLECTION = 'mfa-devices';

type MfaWrite = { readonly kind: 'put'; readonly device: MfaDevice } | { readonly kind: 'delete'; readonly serialNumber: string };

/** What a mutation decided: the writes to make (possibly none) and the value to return. */
interface MfaPlan<T> {
  readonly writes: readonly MfaWrite[];
  readonly result: T;
}

const MFA_VIEW: ViewSpec<Map<string, MfaDevice>, MfaWrite> = {
  name: 'MFA',
  read: async (tx) => {
    const devices = new Map<string, MfaDevice>();
    for (const entry of await tx.list(MFA_DEVICES_COLLECTION)) {
      const device = deviceFromJson(entry.value);
      devices.set(device.serialNumber, device);
    }
    return devices;
  },
  write: async (tx, writes) => {
    for (const write of writes) {
      if (write.kind === 'put') await tx.put(MFA_DEVICES_COLLECTION, write.device.serialNumber, deviceToJson(write.device));
      else await tx.delete(MFA_DEVICES_COLLECTION, write.serialNumber);
    }
  },
  apply: (devices, writes) => {
    for (const write of writes) {
      if (write.kind === 'put') devices.set(write.device.serialNumber, write.device);
      else devices.delete(write.serialNumber);
    }
  },
  // A device holds its secret as bytes: through the change feed it travels as it is stored.
  encode: (writes) => writes.map((write) => (write.kind === 'put' ? { kind: 'put', device: deviceToJson(write.device) } : write)),
  decode: (json) =>
    (json as readonly { readonly kind: string; readonly device?: Json; readonly serialNumber?: string }[]).map((write): MfaWrite =>
      write.kind === 'put'
        ? { kind: 'put', device: deviceFromJson(write.device ?? null) }
        : { kind: 'delete', serialNumber: String(write.serialNumber) },
    ),
};

export class MfaState {
  readonly #view: StateView<Map<string, MfaDevice>, MfaWrite, never>;

  private constructor(view: StateView<Map<string, MfaDevice>, MfaWrite, never>) {
    this.#view = view;
  }

  static async load(store: Store, sync?: LabSync): Promise<MfaState> {
    return new MfaState(await StateView.load<Map<string, MfaDevice>, MfaWrite, never>(store, MFA_VIEW, sync === undefined ? {} : { sync }));
  }

  /** Re-reads the store (reset, recovery, or another node wrote it). */
  reload(): Promise<void> {
    return this.#view.reload();
  }

  /** The device with this serial number in `account`; a serial of another account is not found. */
  find(account: string, serialNumber: string): MfaDevice | undefined {
    const device = this.#view.data.get(serialNumber);
    return device?.account === account ? device : undefined;
  }

  /** Any account's device by serial number (for `iamlab mfa code`). */
  findAnywhere(serialNumber: string): MfaDevice | undefined {
    return this.#view.data.get(serialNumber);
  }

  /** The account's devices in serial-number order. */
  devicesOf(account: string): MfaDevice[] {
    return [...this.#view.data.values()].filter((device) => device.account === account).sort(bySerial);
  }

  /** Devices enabled for a user (user names compare case-insensitively, aws-behaviour.md §2.1). */
  devicesOfUser(account: string, userName: string): MfaDevice[] {
    const wanted = userName.toLowerCase();
    return this.devicesOf(account).filter((device) => device.assignment?.userName.toLowerCase() === wanted);
  }

  /**
   * Runs `plan` exclusively against the current state and commits its writes in one transaction. A throw
   * from `plan` (an `AwsError`) or from the store leaves both store and memory untouched.
   */
  mutate<T>(plan: () => MfaPlan<T>): Promise<T> {
    return this.#view.mutate(() => plan());
  }
}

function bySerial(a: MfaDevice, b: MfaDevice): number {
  return a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0;
}
