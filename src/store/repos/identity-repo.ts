/**
 * Accounts and long-term access keys as stored. IAM entities (users, roles, policies…) get their own
 * repositories as the IAM service grows; the shapes here are the stored form, camelCase, JSON-safe.
 */
import type { Tx } from '../port.js';
import { COLLECTIONS } from './collections.js';

export interface StoredAccount {
  readonly id: string;
  readonly createdMs: number;
}

export type AccessKeyOwner =
  { readonly type: 'root' } | { readonly type: 'user'; readonly userName: string; readonly userId: string; readonly path: string };

export interface StoredAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly account: string;
  readonly owner: AccessKeyOwner;
  readonly status: 'Active' | 'Inactive';
  readonly createdMs: number;
}

export const accountsRepo = {
  get: (tx: Tx, id: string): Promise<StoredAccount | undefined> => tx.get(COLLECTIONS.accounts, id) as Promise<StoredAccount | undefined>,
  insert: (tx: Tx, account: StoredAccount): Promise<boolean> => tx.insert(COLLECTIONS.accounts, account.id, { ...account }),
  list: async (tx: Tx): Promise<StoredAccount[]> => (await tx.list(COLLECTIONS.accounts)).map((entry) => entry.value as unknown as StoredAccount),
};

export const accessKeysRepo = {
  get: (tx: Tx, accessKeyId: string): Promise<StoredAccessKey | undefined> =>
    tx.get(COLLECTIONS.accessKeys, accessKeyId) as Promise<StoredAccessKey | undefined>,
  put: (tx: Tx, key: StoredAccessKey): Promise<void> => tx.put(COLLECTIONS.accessKeys, key.accessKeyId, { ...key, owner: { ...key.owner } }),
  delete: (tx: Tx, accessKeyId: string): Promise<boolean> => tx.delete(COLLECTIONS.accessKeys, accessKeyId),
  list: async (tx: Tx): Promise<StoredAccessKey[]> =>
    (await tx.list(COLLECTIONS.accessKeys)).map((entry) => entry.value as unknown as StoredAccessKey),
};
