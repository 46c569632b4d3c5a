/**
 * Every session STS and IMDS issued, for listing and for GetAccessKeyInfo on temporary keys. Written
 * when a session is issued; never read on the authentication path (the token carries the session).
 * Keyed by access key id, with a second collection ordered by expiry (`session-expiry`, key
 * `<expiresMs, 15 digits>/<accessKeyId>`) so that retention can drop the records that expired first without
 * reading them all.
 */
import type { Json, Tx } from '../port.js';

export const SESSIONS_COLLECTION = 'sessions';
export const SESSION_EXPIRY_COLLECTION = 'session-expiry';

interface StoredSession {
  readonly accessKeyId: string;
  readonly account: string;
  readonly kind: 'assumed-role' | 'session-token';
  /** The caller-visible ARN of the session (assumed-role ARN, or the user's / root's ARN). */
  readonly arn: string;
  /** The ARN of whoever asked for it. */
  readonly issuedToArn: string;
  readonly issuedMs: number;
  readonly expiresMs: number;
  readonly mfa: boolean;
  /** The claims as sealed in the token (without secrets: the token key never leaves the meta collection). */
  readonly claims: Json;
}

/** The expiry index's key: fixed-width milliseconds sort as numbers do (until the year 33658). */
function expiryKey(expiresMs: number, accessKeyId: string): string {
  return `${String(Math.max(0, Math.trunc(expiresMs))).padStart(15, '0')}/${accessKeyId}`;
}

export const sessionsRepo = {
  put: async (tx: Tx, session: StoredSession): Promise<void> => {
    await tx.put(SESSIONS_COLLECTION, session.accessKeyId, { ...session });
    await tx.put(SESSION_EXPIRY_COLLECTION, expiryKey(session.expiresMs, session.accessKeyId), null);
  },
  get: (tx: Tx, accessKeyId: string): Promise<StoredSession | undefined> =>
    tx.get(SESSIONS_COLLECTION, accessKeyId) as Promise<StoredSession | undefined>,
  list: async (tx: Tx, options: { readonly after?: string; readonly limit?: number } = {}): Promise<StoredSession[]> =>
    (await tx.list(SESSIONS_COLLECTION, options)).map((entry) => entry.value as unknown as StoredSession),
  count: (tx: Tx): Promise<number> => tx.count(SESSIONS_COLLECTION),
  indexed: (tx: Tx): Promise<number> => tx.count(SESSION_EXPIRY_COLLECTION),
  /** Indexes a page of records the expiry index does not know (written before it existed); the last key seen. */
  indexPage: async (tx: Tx, after: string | undefined, limit: number): Promise<string | undefined> => {
    const page = await tx.list(SESSIONS_COLLECTION, { ...(after === undefined ? {} : { after }), limit });
    for (const { value } of page) {
      const session = value as unknown as StoredSession;
      await tx.put(SESSION_EXPIRY_COLLECTION, expiryKey(session.expiresMs, session.accessKeyId), null);
    }
    return page.at(-1)?.key;
  },
  /** Removes up to `limit` of the records that expire first; how many were removed. */
  removeEarliestExpiring: async (tx: Tx, limit: number): Promise<number> => {
    const page = await tx.list(SESSION_EXPIRY_COLLECTION, { limit });
    for (const { key } of page) {
      await tx.delete(SESSION_EXPIRY_COLLECTION, key);
      await tx.delete(SESSIONS_COLLECTION, key.slice(key.indexOf('/') + 1));
    }
    return page.length;
  },
};
