/**
 * First start of a lab: the default account and its root long-term keys (design.md "Identities and
 * credentials"), and the token key that seals session tokens. Keys come from IAMLAB_ROOT_ACCESS_KEY_ID /
 * IAMLAB_ROOT_SECRET_ACCESS_KEY when set, are generated otherwise, and are kept in the store across restarts.
 */
import type { IdSource } from '../ids/id-source.js';
import type { Store } from '../store/port.js';
import { accessKeysRepo, accountsRepo } from '../store/repos/identity-repo.js';
import type { StoredAccessKey } from '../store/repos/identity-repo.js';
import { tokenKeyRepo } from '../store/repos/token-key-repo.js';

interface BootstrapInput {
  readonly store: Store;
  readonly ids: IdSource;
  readonly accountId: string;
  readonly nowMs: number;
  readonly rootAccessKeyId: string | undefined;
  readonly rootSecretAccessKey: string | undefined;
}

interface BootstrapResult {
  readonly createdAccount: boolean;
  readonly rootKey: StoredAccessKey;
  /** 32 bytes sealing session tokens (`auth/sealed-token.ts`); a reset makes a new one. */
  readonly tokenKey: Buffer;
}

export async function bootstrap(input: BootstrapInput): Promise<BootstrapResult> {
  const tokenKey = await input.store.transaction((tx) => tokenKeyRepo.loadOrCreate(tx, (length) => Buffer.from(input.ids.token(length), 'base64')));
  return { ...(await bootstrapAccount(input)), tokenKey };
}

/** New long-term root keys for an account. */
export function newRootKey(ids: IdSource, accountId: string, nowMs: number): StoredAccessKey {
  return {
    accessKeyId: ids.accessKeyId('AKIA', accountId),
    secretAccessKey: ids.secretAccessKey(),
    account: accountId,
    owner: { type: 'root' },
    status: 'Active',
    createdMs: nowMs,
  };
}

/** The account and its root keys, without the lab-wide token key. */
async function bootstrapAccount(input: BootstrapInput): Promise<Omit<BootstrapResult, 'tokenKey'>> {
  const { store, ids, accountId, nowMs } = input;
  return store.transaction(async (tx) => {
    const createdAccount = await accountsRepo.insert(tx, { id: accountId, createdMs: nowMs });
    const keys = await accessKeysRepo.list(tx);
    const rootKeys = keys.filter((key) => key.account === accountId && key.owner.type === 'root');
    if (input.rootAccessKeyId !== undefined && input.rootSecretAccessKey !== undefined) {
      const existing = rootKeys.find((key) => key.accessKeyId === input.rootAccessKeyId);
      if (existing !== undefined && existing.secretAccessKey === input.rootSecretAccessKey) return { createdAccount, rootKey: existing };
      const rootKey: StoredAccessKey = {
        accessKeyId: input.rootAccessKeyId,
        secretAccessKey: input.rootSecretAccessKey,
        account: accountId,
        owner: { type: 'root' },
        status: 'Active',
        createdMs: existing?.createdMs ?? nowMs,
      };
      await accessKeysRepo.put(tx, rootKey);
      return { createdAccount, rootKey };
    }
    const active = rootKeys.find((key) => key.status === 'Active') ?? rootKeys[0];
    if (active !== undefined) return { createdAccount, rootKey: active };
    const rootKey = newRootKey(ids, accountId, nowMs);
    await accessKeysRepo.put(tx, rootKey);
    return { createdAccount, rootKey };
  });
}
