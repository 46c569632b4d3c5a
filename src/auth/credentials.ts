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

export type Credential = LongTermCredential | TemporaryCredential;

export interface CredentialLookup {
  /**
   * The credential for an access key id, or undefined when no such key exists (or it was deleted). A
   * temporary key is found through its session token, which carries the session (`sealed-token.ts`).
   */
  find(accessKeyId: string, sessionToken?: string): Credential | undefined;
}
