/**
 * A minimal PNG encoder (PNG spec, ISO/IEC 15948): 1-bit greyscale, no interlace, filter type 0 on every row,
 * one zlib-deflated IDAT. Enough for a QR code; pure apart from `node:zlib`'s deflate.
 *
 * Layout: 8-byte signature, then chunks of `length (4, BE) | type (4) | data | CRC-32 over type+data`:
 * IHDR (width, height, bit depth 1, colour type 0, compression 0, filter 0, interlace 0), IDAT, IEND.
 */
import { deflateSync } from 'node:zlib';

const PNG_SIGNATURE: Buffer = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let crcTable: Uint32Array | undefined;

/** The CRC-32 table for the reflected polynomial 0xEDB88320 (PNG spec, Annex D). */
function table(): Uint32Array {
  if (crcTable !== undefined) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

export function crc32(...parts: readonly Uint8Array[]): number {
  const t = table();
  let crc = 0xffffffff;
  for (const part of parts) for (const byte of part) crc = (t[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(head.subarray(4), data));
  return Buffer.concat([head, data, tail]);
}

/** `dark(x, y)` true paints black; 1-bit greyscale stores black as 0 and white as 1. */
export function encodeBilevelPng(width: number, height: number, dark: (x: number, y: number) => boolean): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`png size must be positive integers, got ${width}x${height}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(scanlines(width, height, dark))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Each row: filter byte 0, then pixels packed 8 per byte, most significant bit first (PNG spec §7.2). */
function scanlines(width: number, height: number, dark: (x: number, y: number) => boolean): Buffer {
  const stride = 1 + Math.ceil(width / 8);
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + 1 + (x >> 3);
      if (!dark(x, y)) raw[at] = (raw[at] ?? 0) | (0x80 >> (x & 7));
    }
  }
  return raw;
}
