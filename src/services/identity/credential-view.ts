/**
 * The in-memory view of every credential, kept in step with the store (design.md, "Identities and
 * credentials": the request hot path must not need a database round trip). Services write the store in a
 * transaction and then update the view; the app loads the view at start and can reload it when another node
 * changes the store.
 */
import { rootArn, userArn } from '../../arn/arn.js';
import type { Credential, CredentialLookup, LongTermCredential } from '../../auth/credentials.js';
import type { StoredAccessKey } from '../../store/repos/identity-repo.js';

export class CredentialView implements CredentialLookup {
  readonly #byKey = new Map<string, Credential>();

  find(accessKeyId: string): Credential | undefined {
    return this.#byKey.get(accessKeyId);
  }

  /** Replaces the whole view (start-up, reset, external invalidation). */
  load(keys: readonly StoredAccessKey[]): void {
    this.#byKey.clear();
    for (const key of keys) this.putLongTerm(key);
  }

  putLongTerm(key: StoredAccessKey): void {
    this.#byKey.set(key.accessKeyId, longTermCredential(key));
  }

  putTemporary(credential: Extract<Credential, { kind: 'temporary' }>): void {
    this.#byKey.set(credential.accessKeyId, credential);
  }

  remove(accessKeyId: string): void {
    this.#byKey.delete(accessKeyId);
  }

  get size(): number {
    return this.#byKey.size;
  }
}

function longTermCredential(key: StoredAccessKey): LongTermCredential {
  const base = { kind: 'long-term', accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, status: key.status } as const;
  if (key.owner.type === 'root') {
    return {
      ...base,
      principal: { type: 'root', account: key.account, arn: rootArn(key.account), userId: key.account, accessKeyId: key.accessKeyId },
    };
  }
  return {
    ...base,
    principal: {
      type: 'user',
      account: key.account,
      arn: userArn(key.account, key.owner.path, key.owner.userName),
      userId: key.owner.userId,
      userName: key.owner.userName,
      accessKeyId: key.accessKeyId,
    },
  };
}
