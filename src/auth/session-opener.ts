/**
 * Opens session tokens on the authentication hot path (design.md "Identities and credentials": no database
 * round trip). Opening is an AES-GCM decryption and a JSON parse, so opened tokens are kept in a small LRU
 * keyed by the token text; the cache holds only what the token itself says, so it never goes stale.
 * Liveness (deleted role or user) and expiry are the caller's to check on every request.
 */
import { openToken, deriveTemporarySecret } from './sealed-token.js';
import type { TemporaryCredential } from './credentials.js';
import { readClaims } from './session-claims.js';
import { sessionCredential } from './session-credential.js';

const DEFAULT_OPENED_TOKENS = 4096;

export class SessionOpener {
  #key: Buffer;
  readonly #limit: number;
  /** Map iteration order is insertion order: re-inserting on a hit makes the first key the least recent. */
  readonly #cache = new Map<string, TemporaryCredential>();

  constructor(key: Buffer, limit = DEFAULT_OPENED_TOKENS) {
    this.#key = key;
    this.#limit = limit;
  }

  /** The lab key changed (reset): every token sealed under the old key stops opening. */
  setKey(key: Buffer): void {
    this.#key = key;
    this.#cache.clear();
  }

  get key(): Buffer {
    return this.#key;
  }

  /**
   * The credential a token carries, or undefined for a forged, damaged or foreign token and for a token
   * presented with another access key id (aws-behaviour.md §1.9: both are InvalidClientTokenId).
   */
  open(accessKeyId: string, sessionToken: string): TemporaryCredential | undefined {
    const credential = this.openAny(sessionToken);
    return credential?.accessKeyId === accessKeyId ? credential : undefined;
  }

  /**
   * The credential a token carries whatever key id it comes with, or undefined when it is not a token of
   * this lab: `--accept-any-key` takes only keys whose token, if any, is not the lab's (design.md "Accepting any key").
   */
  openAny(sessionToken: string): TemporaryCredential | undefined {
    let credential = this.#cache.get(sessionToken);
    if (credential !== undefined) {
      this.#cache.delete(sessionToken);
      this.#cache.set(sessionToken, credential);
    } else {
      const claims = readClaims(openToken(this.#key, sessionToken));
      if (claims === undefined) return undefined;
      credential = sessionCredential(claims, sessionToken, deriveTemporarySecret(this.#key, claims.accessKeyId));
      if (this.#cache.size >= this.#limit) {
        const oldest = this.#cache.keys().next();
        if (oldest.done !== true) this.#cache.delete(oldest.value);
      }
      this.#cache.set(sessionToken, credential);
    }
    return credential;
  }
}
