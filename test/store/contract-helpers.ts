/** Shared pieces of the store contract suite (contract.ts). */
import type { NewEvent, Store } from '../../src/store/port.js';

export interface ContractOptions {
  /** True when `open` returns the same database each time, so data must outlive `close`. */
  readonly persistent?: boolean;
}

export type Open = () => Promise<Store>;

export async function withStore(open: Open, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await store.clear();
    await body(store);
  } finally {
    await store.close();
  }
}

export const C = 'things';

/** Sorted by UTF-8 bytes, the order the port promises (not JavaScript's UTF-16 order). */
export function byteOrder(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

export function event(overrides: Partial<NewEvent> & { requestId: string }): NewEvent {
  return {
    timeMs: 1_700_000_000_000,
    principalArn: 'arn:aws:iam::123456789012:user/alice',
    action: 'sts:GetCallerIdentity',
    decision: 'Allowed',
    errorCode: null,
    body: { requestId: overrides.requestId },
    ...overrides,
  };
}

export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
