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

const cryptoRandom: RandomSource = pooledCryptoRandom();

const HEX_DIGITS = '0123456789abcdef';
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Four lower-case hex digits of a 16-bit number. */
function hexWord(value: number): string {
  return (HEX_PAIRS[value >> 8] as string) + (HEX_PAIRS[value & 0xff] as string);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Unique-id prefixes of IAM entities and keys. */
type IdPrefix = 'AIDA' | 'AROA' | 'AIPA' | 'ANPA' | 'ANVA' | 'AGPA' | 'AKIA' | 'ASIA' | ServiceCredentialPrefix;

/** Server certificates, SSH public keys and service-specific credentials (aws-behaviour.md §12.2). */
type ServiceCredentialPrefix = 'ASCA' | 'APKA' | 'ACCA';

export class IdSource {
  readonly #random: RandomSource;
  #requestBytes: Buffer = Buffer.alloc(0);
  #requestBytesAt = 0;

  constructor(random: RandomSource = cryptoRandom) {
    this.#random = random;
  }

  /** `AIDA` + 17 base32 characters: 21 in all, like `AIDAJQABLZS4A3QDU576Q`. */
  uniqueId(prefix: Exclude<IdPrefix, 'AKIA' | 'ASIA'>): string {
    return prefix + this.#pick(BASE32, 17);
  }

  /**
   * `AKIA`/`ASIA` + 16 base32 characters: 20 in all. As AWS's key ids do, the first ten characters carry the
   * owning account (bits 1–40 of their 50 bits, under a set top bit, so they start with one of `Q`–`Z`, `2`–`7`),
   * which is what sts:GetAccessKeyInfo reads (services/sts/get-access-key-info.ts); the rest is random.
   */
  accessKeyId(prefix: 'AKIA' | 'ASIA', account: string): string {
    const random = this.#random(2);
    let bits = (1n << 49n) | (BigInt(account) << 9n) | BigInt(((random[0] as number) << 1) | ((random[1] as number) & 1));
    let head = '';
    for (let i = 0; i < 10; i += 1) {
      head = (BASE32[Number(bits & 31n)] as string) + head;
      bits >>= 5n;
    }
    return prefix + head + this.#pick(BASE32, 6);
  }

  /** A 40-character secret access key. */
  secretAccessKey(): string {
    return this.#pick(SECRET_ALPHABET, 40);
  }

  /** Lower-case hex, e.g. 17 characters for `i-…`, `iip-assoc-…`, `r-…`. */
  hex(length: number): string {
    return this.#random(Math.ceil(length / 2))
      .toString('hex')
      .slice(0, length);
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
    // Every request makes one: its random bytes are read in place from a block drawn for 64 ids at a time,
    // and the text is built from a byte-to-hex table rather than through intermediate hex strings.
    if (this.#requestBytesAt + 10 > this.#requestBytes.length) {
      this.#requestBytes = this.#random(640);
      this.#requestBytesAt = 0;
    }
    const r = this.#requestBytes;
    const at = this.#requestBytesAt;
    this.#requestBytesAt = at + 10;
    const ms = Math.max(0, Math.trunc(atMs)) % 2 ** 48;
    const high = Math.floor(ms / 2 ** 16);
    const hex = (i: number): string => HEX_PAIRS[r[at + i] as number] as string;
    const nibble = (i: number, high: boolean): string => HEX_DIGITS[high ? (r[at + i] as number) >> 4 : (r[at + i] as number) & 0xf] as string;
    const variant = HEX_DIGITS[((r[at + 1] as number) & 0x3) | 0x8] as string;
    return (
      hexWord(high >>> 16) +
      hexWord(high & 0xffff) +
      '-' +
      hexWord(ms % 2 ** 16) +
      '-7' +
      hex(0) +
      nibble(1, true) +
      '-' +
      variant +
      hex(2) +
      nibble(3, true) +
      '-' +
      nibble(3, false) +
      hex(4) +
      hex(5) +
      hex(6) +
      hex(7) +
      hex(8) +
      nibble(9, true)
    );
  }

  #pick(alphabet: string, length: number): string {
    const bytes = this.#random(length);
    let out = '';
    // alphabet sizes here (32, 64) divide 256, so the modulo is unbiased.
    for (const byte of bytes) out += alphabet[byte % alphabet.length];
    return out;
  }
}
