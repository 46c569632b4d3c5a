/**
 * What authentication needs to know about an access key. The app wires an implementation backed by the
 * store's in-memory view; auth itself never touches a store (design.md: the hot path needs no database
 * round trip).
 */
import type { Principal } from './principal.js';

export interface LongTermCredential {
  readonly kind: 'long-term';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly status: 'Active' | 'Inactive';
  readonly principal: Exclude<Principal, { type: 'anonymous' | 'assumed-role' }>;
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
}

export type Credential = LongTermCredential | TemporaryCredential;

export interface CredentialLookup {
  /** The credential for an access key id, or undefined when no such key exists (or it was deleted). */
  find(accessKeyId: string): Credential | undefined;
}
