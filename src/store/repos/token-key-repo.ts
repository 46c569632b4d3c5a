/**
 * The lab's token key: 32 random bytes that seal session tokens and derive temporary secrets
 * (`auth/sealed-token.ts`). Created at bootstrap, kept in the `meta` collection so restarts (and other
 * nodes) open the same tokens; a reset clears the store and so creates a new key, which ends every session.
 */
import type { Tx } from '../port.js';
import { COLLECTIONS } from './collections.js';

const TOKEN_KEY = 'token-key';
const TOKEN_KEY_BYTES = 32;

export const tokenKeyRepo = {
  /** The stored key, or a new one made from `random` and stored now. */
  loadOrCreate: async (tx: Tx, random: (length: number) => Buffer): Promise<Buffer> => {
    const stored = await tx.get<{ readonly key: string }>(COLLECTIONS.meta, TOKEN_KEY);
    if (stored !== undefined) {
      const key = Buffer.from(stored.key, 'base64');
      if (key.length === TOKEN_KEY_BYTES) return key;
    }
    const key = random(TOKEN_KEY_BYTES);
    await tx.put(COLLECTIONS.meta, TOKEN_KEY, { key: key.toString('base64') });
    return key;
  },
};
