/** The clock's change history, kept in the store so that restarts (and, later, other nodes) agree. */
import type { ClockChange } from '../../clock/clock.js';
import type { Json, Store, Tx } from '../port.js';
import { COLLECTIONS, sortableNumber } from './collections.js';

export async function loadClockHistory(store: Store): Promise<ClockChange[]> {
  return store.transaction(async (tx) => {
    const entries = await tx.list<Json>(COLLECTIONS.clockChanges);
    return entries.map((entry) => entry.value as unknown as ClockChange);
  });
}

export async function saveClockChange(store: Store, change: ClockChange): Promise<void> {
  await store.transaction((tx) => putClockChange(tx, change));
}

/** Keeps a change in the caller's transaction. */
export async function putClockChange(tx: Tx, change: ClockChange): Promise<void> {
  const count = await tx.count(COLLECTIONS.clockChanges);
  // Wall time first, then a sequence number: two changes in the same millisecond keep their order.
  await tx.put(COLLECTIONS.clockChanges, `${sortableNumber(change.wallMs)}-${sortableNumber(count, 8)}`, { ...change });
}

export async function clearClockHistory(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    for (const entry of await tx.list(COLLECTIONS.clockChanges)) await tx.delete(COLLECTIONS.clockChanges, entry.key);
  });
}
