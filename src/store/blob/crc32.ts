/**
 * CRC-32 (IEEE, reflected 0xEDB88320) and CRC-32C (Castagnoli, reflected 0x82F63B78), incremental, for the
 * `x-amz-checksum-crc32`/`-crc32c` values (big-endian 4 bytes, base64: aws-behaviour.md §5.3).
 */
import * as zlib from 'node:zlib';

function table(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

const IEEE = table(0xedb88320);
const CASTAGNOLI = table(0x82f63b78);

/** zlib's native CRC-32 (Node 20.15+); the table below otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export class Crc32 {
  readonly #table: Uint32Array;
  readonly #native: boolean;
  #crc = 0xffffffff;

  constructor(variant: 'crc32' | 'crc32c') {
    this.#table = variant === 'crc32' ? IEEE : CASTAGNOLI;
    this.#native = variant === 'crc32' && nativeCrc32 !== undefined;
  }

  update(bytes: Uint8Array): this {
    if (this.#native && nativeCrc32 !== undefined) {
      // zlib's running value is the finished CRC; ours keeps the register (finished value XOR all ones).
      this.#crc = (nativeCrc32(bytes, (this.#crc ^ 0xffffffff) >>> 0) ^ 0xffffffff) >>> 0;
      return this;
    }
    const t = this.#table;
    let c = this.#crc;
    for (let i = 0; i < bytes.length; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
    this.#crc = c;
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.#crc ^ 0xffffffff) >>> 0);
    return out;
  }
}
