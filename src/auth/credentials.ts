/**
 * What authentication needs to know about an access key. The app wires an implementation backed by the
 * store's in-memory view; auth itself never touches a store (design.md "Identities and credentials": the hot path needs no database
 * round trip).
 */
import type { Principal } from './principal.js';
import type { SessionClaims } from './session-claims.js';

export interface LongTermCredential {
  readonly kind: 'long-term';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly status: 'Active' | 'Inactive';
  readonly principal: Exclude<Principal, { type: 'anonymous' | 'assumed-role' | 'federated-user' }>;
}

export interface TemporaryCredential {
  readonly kind: 'temporary';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Virtual epoch ms. */
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly principal: Exclude<Principal, { type: 'anonymous' }>;
  /** The session the token carries (policies, tags, MFA time…), for authorization. */
  readonly session: SessionClaims;
}

/**
 * An access key the lab does not know, taken as an account's root because the lab runs with
 * `--accept-any-key` (design.md "Accepting any key"): a lab relaxation, never AWS behaviour. The lab holds no
 * secret for it, so nothing it signs is verified — request, chunk and trailer signatures are only read.
 */
export interface AnyKeyCredential {
  readonly kind: 'any-key';
  readonly accessKeyId: string;
  readonly principal: Extract<Principal, { type: 'root' }>;
  /** The request carried a session token the lab did not issue (moto's fixtures send `testing`): ignored. */
  readonly sessionTokenIgnored: boolean;
}

export type Credential = LongTermCredential | TemporaryCredential | AnyKeyCredential;

export interface CredentialLookup {
  /**
   * The credential for an access key id, or undefined when no such key exists (or it was deleted). A
   * temporary key is found through its session token, which carries the session (`sealed-token.ts`). Under
   * `--accept-any-key`, a key the lab does not know comes back as an `AnyKeyCredential`.
   */
  find(accessKeyId: string, sessionToken?: string): Credential | undefined;
}
