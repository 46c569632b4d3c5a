/**
 * Issues temporary credentials (aws-behaviour.md §1.5, §1.7): an `ASIA…` key id, the secret derived from
 * the lab key and that id, and a session token that seals the session's claims. Each session is also
 * recorded in the store's `sessions` collection for listing; authentication never reads it. The records
 * are bounded in number (session-retention.ts). Subscribers (the console's live stream) hear of each recorded session.
 */
import type { SessionClaims } from '../../auth/session-claims.js';
import { SESSION_CLAIMS_VERSION } from '../../auth/session-claims.js';
import { sessionPrincipal } from '../../auth/session-credential.js';
import type { SessionOpener } from '../../auth/session-opener.js';
import { deriveTemporarySecret, sealToken } from '../../auth/sealed-token.js';
import type { IdSource } from '../../ids/id-source.js';
import type { Json, Store } from '../../store/port.js';
import { sessionsRepo } from '../../store/repos/sessions-repo.js';
import type { StoredSession } from '../../store/repos/sessions-repo.js';
import { GroupCommit } from '../../lib/group-commit.js';
import { plainJson } from '../../lib/plain-json.js';
import type { SessionRetention } from './session-retention.js';

/** Everything of the claims but what the issuer decides itself (version, key id). */
type SessionRequest = Omit<SessionClaims, 'v' | 'accessKeyId'>;

export interface IssuedSession {
  readonly claims: SessionClaims;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

const IV_BYTES = 12;

export class SessionIssuer {
  readonly #opener: SessionOpener;
  readonly #ids: IdSource;
  readonly #retention: SessionRetention | undefined;
  /**
   * Sessions issued together are recorded in one transaction: each AssumeRole still answers only once its
   * record is committed, but sixteen concurrent ones cost one commit instead of sixteen (the commit was ~20%
   * of AssumeRole's server CPU).
   */
  readonly #records: GroupCommit<StoredSession>;
  readonly #subscribers = new Set<(session: StoredSession) => void>();

  constructor(opener: SessionOpener, ids: IdSource, store: Store, retention?: SessionRetention) {
    this.#opener = opener;
    this.#ids = ids;
    this.#retention = retention;
    this.#records = new GroupCommit((records) =>
      store.transaction(async (tx) => {
        for (const record of records) await sessionsRepo.put(tx, record);
      }),
    );
  }

  /** Resolves once every session issued so far is recorded (a reset or a stop waits for it). */
  settled(): Promise<void> {
    return this.#records.settled();
  }

  /** Tells `listener` of every session recorded from now on (the console's live stream); returns the call that stops it. */
  subscribe(listener: (session: StoredSession) => void): () => void {
    this.#subscribers.add(listener);
    return () => void this.#subscribers.delete(listener);
  }

  async issue(request: SessionRequest, issuedToArn: string): Promise<IssuedSession> {
    const key = this.#opener.key;
    const accessKeyId = this.#ids.accessKeyId('ASIA', request.account);
    const claims: SessionClaims = { v: SESSION_CLAIMS_VERSION, accessKeyId, ...request };
    const sessionToken = sealToken(key, claims, Buffer.from(this.#ids.token(IV_BYTES), 'base64'));
    const record: StoredSession = {
      accessKeyId,
      account: claims.account,
      kind: claims.kind,
      arn: sessionPrincipal(claims).arn,
      issuedToArn,
      issuedMs: claims.issuedMs,
      expiresMs: claims.expiresMs,
      mfa: claims.mfaMs !== undefined,
      claims: plainJson(claims) as Json,
    };
    await this.#records.add(record);
    for (const subscriber of this.#subscribers) subscriber(record);
    this.#retention?.issued();
    return { claims, accessKeyId, secretAccessKey: deriveTemporarySecret(key, accessKeyId), sessionToken };
  }
}
