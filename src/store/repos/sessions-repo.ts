/**
 * Every session STS (and later IMDS) issued, for listing and for GetAccessKeyInfo on temporary keys. Written
 * when a session is issued; never read on the authentication path (the token carries the session).
 * Keyed by access key id.
 */
import type { Json, Tx } from '../port.js';

export const SESSIONS_COLLECTION = 'sessions';

export interface StoredSession {
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

export const sessionsRepo = {
  put: (tx: Tx, session: StoredSession): Promise<void> => tx.put(SESSIONS_COLLECTION, session.accessKeyId, { ...session }),
  get: (tx: Tx, accessKeyId: string): Promise<StoredSession | undefined> =>
    tx.get(SESSIONS_COLLECTION, accessKeyId) as Promise<StoredSession | undefined>,
  list: async (tx: Tx, options: { readonly after?: string; readonly limit?: number } = {}): Promise<StoredSession[]> =>
    (await tx.list(SESSIONS_COLLECTION, options)).map((entry) => entry.value as unknown as StoredSession),
};
