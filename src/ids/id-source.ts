/**
 * Identifier and secret generation (aws-behaviour.md §0.8). Everything random comes from one `RandomSource`
 * so tests can seed it and get the same ids every run.
 */
import { createHash, randomBytes } from 'node:crypto';

export type RandomSource = (length: number) => Buffer;

/** A deterministic source for tests: SHA-256 in counter mode over a seed. */
export function seededRandom(seed: string): RandomSource {
  let counter = 0;
  return (length) => {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < length) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(block);
      have += block.length;
    }
    return Buffer.concat(chunks).subarray(0, length);
  };
}

/**
 * Cryptographic randomness served from a pool: one `randomBytes` call per 4 KiB instead of one per id (a
 * request id per request made the per-call cost visible in profiles).
 */
export function pooledCryptoRandom(poolBytes = 4096): RandomSource {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (length) => {
    if (length > poolBytes) return randomBytes(length);
    if (offset + length > pool.length) {
      pool = randomBytes(poolBytes);
      offset = 0;
    }
    // A copy, so callers may keep or mutate what they get.
    const out = Buffer.from(pool.subarray(offset, offset + length));
    offset += length;
    return out;
  };
}

export const cryptoRandom: RandomSource = pooledCryptoRandom();

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Unique-id prefixes of IAM entities and keys. */
export type IdPrefix = 'AIDA' | 'AROA' | 'AIPA' | 'ANPA' | 'ANVA' | 'AGPA' | 'AKIA' | 'ASIA';

export class IdSource {
  readonly #random: RandomSource;

  constructor(random: RandomSource = cryptoRandom) {
    this.#random = random;
  }

  /** `AIDA` + 17 base32 characters: 21 in all, like `AIDAJQABLZS4A3QDU576Q`. */
  uniqueId(prefix: Exclude<IdPrefix, 'AKIA' | 'ASIA'>): string {
    return prefix + this.#pick(BASE32, 17);
  }

  /** `AKIA`/`ASIA` + 16 base32 characters: 20 in all. */
  accessKeyId(prefix: 'AKIA' | 'ASIA'): string {
    return prefix + this.#pick(BASE32, 16);
  }

  /** A 40-character secret access key. */
  secretAccessKey(): string {
    return this.#pick(SECRET_ALPHABET, 40);
  }

  /** Lower-case hex, e.g. 17 characters for `i-…`, `iip-assoc-…`, `r-…`. */
  hex(length: number): string {
    return this.#random(Math.ceil(length / 2)).toString('hex').slice(0, length);
  }

  /** An opaque url-safe token of `bytes` random bytes (base64). */
  token(bytes: number): string {
    return this.#random(bytes).toString('base64');
  }

  /**
   * A request id in the UUID shape AWS uses. It is a version-7 UUID: the first 48 bits are the time in
   * milliseconds, so ids sort by time and the audit trail's request-id index grows at its end instead of
   * touching a random page per request (measured: about a third of an audit insert's cost).
   */
  requestId(atMs: number): string {
    const time = Math.max(0, Math.trunc(atMs)).toString(16).padStart(12, '0').slice(-12);
    const r = this.#random(10).toString('hex');
    const variant = ((parseInt(r.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
  }

  #pick(alphabet: string, length: number): string {
    const bytes = this.#random(length);
    let out = '';
    // alphabet sizes here (32, 64) divide 256, so the modulo is unbiased.
    for (const byte of bytes) out += alphabet[byte % alphabet.length];
    return out;
  }
}
