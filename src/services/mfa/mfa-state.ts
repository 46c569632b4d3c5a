/**
 * Every account's virtual MFA devices, in memory and in the store (collection `mfa-devices`, keyed by serial
 * number, which contains the account). Reads are synchronous from memory; each mutation runs under one async
 * mutex: its plan is computed from the current state, written in one store transaction, and only then
 * applied in memory, so memory never shows what the store does not hold.
 */
import type { Store } from '../../store/port.js';
import { AsyncMutex } from './async-mutex.js';
import { deviceFromJson, deviceToJson, type MfaDevice } from './mfa-device.js';

export const MFA_DEVICES_COLLECTION = 'mfa-devices';

export type MfaWrite = { readonly kind: 'put'; readonly device: MfaDevice } | { readonly kind: 'delete'; readonly serialNumber: string };

/** What a mutation decided: the writes to make (possibly none) and the value to return. */
export interface MfaPlan<T> {
  readonly writes: readonly MfaWrite[];
  readonly result: T;
}

export class MfaState {
  readonly #store: Store;
  readonly #devices = new Map<string, MfaDevice>();
  readonly #mutex = new AsyncMutex();

  private constructor(store: Store, devices: readonly MfaDevice[]) {
    this.#store = store;
    for (const device of devices) this.#devices.set(device.serialNumber, device);
  }

  static async load(store: Store): Promise<MfaState> {
    return new MfaState(store, await readAll(store));
  }

  /** Re-reads the store (another node wrote it, or the lab was reset). */
  async reload(): Promise<void> {
    await this.#mutex.run(async () => {
      const devices = await readAll(this.#store);
      this.#devices.clear();
      for (const device of devices) this.#devices.set(device.serialNumber, device);
    });
  }

  /** The device with this serial number in `account`; a serial of another account is not found. */
  find(account: string, serialNumber: string): MfaDevice | undefined {
    const device = this.#devices.get(serialNumber);
    return device?.account === account ? device : undefined;
  }

  /** Any account's device by serial number (for `iamlab mfa code`). */
  findAnywhere(serialNumber: string): MfaDevice | undefined {
    return this.#devices.get(serialNumber);
  }

  /** The account's devices in serial-number order. */
  devicesOf(account: string): MfaDevice[] {
    return [...this.#devices.values()].filter((device) => device.account === account).sort(bySerial);
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
  async mutate<T>(plan: () => MfaPlan<T>): Promise<T> {
    return this.#mutex.run(async () => {
      const { writes, result } = plan();
      if (writes.length === 0) return result;
      await this.#store.transaction(async (tx) => {
        for (const write of writes) {
          if (write.kind === 'put') await tx.put(MFA_DEVICES_COLLECTION, write.device.serialNumber, deviceToJson(write.device));
          else await tx.delete(MFA_DEVICES_COLLECTION, write.serialNumber);
        }
      });
      for (const write of writes) {
        if (write.kind === 'put') this.#devices.set(write.device.serialNumber, write.device);
        else this.#devices.delete(write.serialNumber);
      }
      return result;
    });
  }
}

async function readAll(store: Store): Promise<MfaDevice[]> {
  const entries = await store.transaction((tx) => tx.list(MFA_DEVICES_COLLECTION));
  return entries.map((entry) => deviceFromJson(entry.value));
}

function bySerial(a: MfaDevice, b: MfaDevice): number {
  return a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0;
}
