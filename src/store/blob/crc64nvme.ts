/**
 * CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final XOR all ones), incremental:
 * S3's default checksum since 2025 and `x-amz-checksum-crc64nvme` (big-endian 8 bytes, base64; aws-behaviour.md
 * §9.7). JavaScript has no 64-bit integers outside BigInt, which is slow per byte, so the register is kept as
 * two 32-bit halves and the table as a high and a low word per byte value.
 */
const POLY_HIGH = 0x9a6c9329;
const POLY_LOW = 0xac4bc9b5;

function tables(): { high: Uint32Array; low: Uint32Array } {
  const high = new Uint32Array(256);
  const low = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry !== 0) {
        h = (h ^ POLY_HIGH) >>> 0;
        l = (l ^ POLY_LOW) >>> 0;
      }
    }
    high[n] = h;
    low[n] = l;
  }
  return { high, low };
}

const TABLE = tables();

export class Crc64Nvme {
  #high = 0xffffffff;
  #low = 0xffffffff;

  update(bytes: Uint8Array): this {
    const { high: th, low: tl } = TABLE;
    let h = this.#high;
    let l = this.#low;
    for (let i = 0; i < bytes.length; i++) {
      const index = (l ^ (bytes[i] as number)) & 0xff;
      l = (((l >>> 8) | (h << 24)) ^ (tl[index] as number)) >>> 0;
      h = ((h >>> 8) ^ (th[index] as number)) >>> 0;
    }
    this.#high = h;
    this.#low = l;
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.#high ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.#low ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
