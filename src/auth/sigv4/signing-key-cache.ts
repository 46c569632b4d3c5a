/**
 * A small bounded cache of derived signing keys (§6.3). A key depends only on secret, date, region and
 * service, so under load the four HMACs run once per key per day instead of once per request. When full,
 * the least recently used entry goes (a Map keeps insertion order; a hit is re-inserted at the end).
 *
 * The cache key is length-prefixed so no choice of region or service text can make two different scopes
 * share an entry. Secrets are held only as the process already holds them; the cache is never serialised.
 */
import { deriveSigningKey } from './derive-signing-key.js';
import type { CredentialScope } from './types.js';

export class SigningKeyCache {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Buffer>();
  /**
   * The entry used last, compared field by field before any map work: under load one key signs request
   * after request. It is also the newest entry of the map, so answering from it keeps the LRU order right.
   */
  #last: { readonly secret: string; readonly scope: CredentialScope; readonly key: Buffer } | undefined;

  constructor(maxEntries = 1024) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The signing key for this secret and scope, derived on a miss. */
  get(secretAccessKey: string, scope: CredentialScope): Buffer {
    const last = this.#last;
    if (
      last !== undefined &&
      last.secret === secretAccessKey &&
      last.scope.date === scope.date &&
      last.scope.region === scope.region &&
      last.scope.service === scope.service
    ) {
      return last.key;
    }
    const key = this.#lookup(secretAccessKey, scope);
    this.#last = { secret: secretAccessKey, scope: { date: scope.date, region: scope.region, service: scope.service }, key };
    return key;
  }

  clear(): void {
    this.#entries.clear();
    this.#last = undefined;
  }

  #lookup(secretAccessKey: string, scope: CredentialScope): Buffer {
    const key = `${secretAccessKey.length}:${secretAccessKey}${scope.date.length}:${scope.date}${scope.region.length}:${scope.region}${scope.service.length}:${scope.service}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const derived = deriveSigningKey(secretAccessKey, scope);
    this.#entries.set(key, derived);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return derived;
  }
}
