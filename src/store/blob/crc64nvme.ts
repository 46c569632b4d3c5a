/**
 * CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final XOR all ones), incremental:
 * S3's default checksum since 2025 and `x-amz-checksum-crc64nvme` (big-endian 8 bytes, base64; aws-behaviour.md
 * §9.7). JavaScript has no 64-bit integers outside BigInt, which is slow per byte, so the register is kept as
 * two 32-bit halves. Everything stays in signed 32-bit values (an `Int32Array`, no `>>> 0`): an unsigned result
 * above 2^31 is a double to V8 and halves the speed.
 */
const POLY_HIGH = 0x9a6c9329 | 0;
const POLY_LOW = 0xac4bc9b5 | 0;

/**
 * Slice-by-8 tables, the usual way to make a table CRC fast: table k holds, for each byte value n, the register
 * after n followed by k zero bytes, so eight bytes are folded in with eight independent lookups. Entry n of table k
 * is the high word at `512·k + 2n` and the low word next to it. ~450 MB/s here, against ~260 MB/s bytewise.
 */
function tables(): Int32Array {
  const table = new Int32Array(512 * 8);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = (l >>> 1) | ((h & 1) << 31);
      h = h >>> 1;
      if (carry !== 0) {
        h ^= POLY_HIGH;
        l ^= POLY_LOW;
      }
    }
    table[2 * n] = h;
    table[2 * n + 1] = l;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const h = table[512 * (k - 1) + 2 * n] as number;
      const l = table[512 * (k - 1) + 2 * n + 1] as number;
      const at = (l & 0xff) << 1;
      table[512 * k + 2 * n] = (h >>> 8) ^ (table[at] as number);
      table[512 * k + 2 * n + 1] = ((l >>> 8) | (h << 24)) ^ (table[at + 1] as number);
    }
  }
  return table;
}

const TABLE = tables();

export class Crc64Nvme {
  #high = -1;
  #low = -1;

  update(bytes: Uint8Array): this {
    const t = TABLE;
    let h = this.#high;
    let l = this.#low;
    let i = 0;
    // Eight bytes at a time: XOR them into the register (little-endian, as the CRC is reflected), then one lookup
    // per byte of the register, in the table for the number of bytes that follow it.
    for (const end = bytes.length - 8; i <= end; i += 8) {
      l ^= (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
      h ^= (bytes[i + 4] as number) | ((bytes[i + 5] as number) << 8) | ((bytes[i + 6] as number) << 16) | ((bytes[i + 7] as number) << 24);
      const a0 = 3584 + ((l & 0xff) << 1);
      const a1 = 3072 + (((l >>> 8) & 0xff) << 1);
      const a2 = 2560 + (((l >>> 16) & 0xff) << 1);
      const a3 = 2048 + ((l >>> 24) << 1);
      const a4 = 1536 + ((h & 0xff) << 1);
      const a5 = 1024 + (((h >>> 8) & 0xff) << 1);
      const a6 = 512 + (((h >>> 16) & 0xff) << 1);
      const a7 = (h >>> 24) << 1;
      h =
        (t[a0] as number) ^
        (t[a1] as number) ^
        (t[a2] as number) ^
        (t[a3] as number) ^
        (t[a4] as number) ^
        (t[a5] as number) ^
        (t[a6] as number) ^
        (t[a7] as number);
      l =
        (t[a0 + 1] as number) ^
        (t[a1 + 1] as number) ^
        (t[a2 + 1] as number) ^
        (t[a3 + 1] as number) ^
        (t[a4 + 1] as number) ^
        (t[a5 + 1] as number) ^
        (t[a6 + 1] as number) ^
        (t[a7 + 1] as number);
    }
    for (; i < bytes.length; i++) {
      const at = ((l ^ (bytes[i] as number)) & 0xff) << 1;
      l = ((l >>> 8) | (h << 24)) ^ (t[at + 1] as number);
      h = (h >>> 8) ^ (t[at] as number);
    }
    this.#high = h;
    this.#low = l;
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeInt32BE(~this.#high, 0);
    out.writeInt32BE(~this.#low, 4);
    return out;
  }
}
