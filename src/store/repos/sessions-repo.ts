/**
 * Every session STS and IMDS issued, for listing (the console's timeline, later). Written when a session is
 * issued; never read on the authentication path (the token carries the session), nor by GetAccessKeyInfo (the
 * key id carries its account). Keyed by expiry then access key id (`<expiresMs, 15 digits>/<accessKeyId>`), so
 * that retention drops the records that expire first by reading only those, and one write records a session.
 */
import type { Json, Tx } from '../port.js';

export const SESSIONS_COLLECTION = 'sessions';

export interface StoredSession {
  readonly accessKeyId: string;
  readonly account: string;
  readonly kind: 'assumed-role' | 'session-token' | 'federation-token';
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

/** Fixed-width milliseconds sort as numbers do (until the year 33658). */
function sessionKey(session: Pick<StoredSession, 'expiresMs' | 'accessKeyId'>): string {
  return `${String(Math.max(0, Math.trunc(session.expiresMs))).padStart(15, '0')}/${session.accessKeyId}`;
}

/** Records an older lab wrote, keyed by access key id alone (they start with a letter, never a digit). */
const LEGACY_PREFIX = 'A';

export const sessionsRepo = {
  put: (tx: Tx, session: StoredSession): Promise<void> => tx.put(SESSIONS_COLLECTION, sessionKey(session), { ...session }),
  /** Earliest expiry first. */
  list: async (tx: Tx, options: { readonly after?: string; readonly limit?: number } = {}): Promise<StoredSession[]> =>
    (await tx.list(SESSIONS_COLLECTION, options)).map((entry) => entry.value as unknown as StoredSession),
  count: (tx: Tx): Promise<number> => tx.count(SESSIONS_COLLECTION),
  /** Removes up to `limit` records of an older lab's key scheme, which retention cannot order; how many. */
  removeLegacy: async (tx: Tx, limit: number): Promise<number> => {
    const page = await tx.list(SESSIONS_COLLECTION, { prefix: LEGACY_PREFIX, limit });
    for (const { key } of page) await tx.delete(SESSIONS_COLLECTION, key);
    return page.length;
  },
  /** Removes up to `limit` of the records that expire first; how many were removed. */
  removeEarliestExpiring: async (tx: Tx, limit: number): Promise<number> => {
    const page = await tx.list(SESSIONS_COLLECTION, { limit });
    for (const { key } of page) await tx.delete(SESSIONS_COLLECTION, key);
    return page.length;
  },
};
