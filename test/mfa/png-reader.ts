/**
 * A small, independent PNG reader for the tests: walks the chunks, checks every CRC with `zlib.crc32`
 * (not our encoder's table), inflates IDAT and unpacks 1-bit greyscale rows. Only what our encoder emits
 * is supported; anything else fails loudly.
 */
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';

interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly chunkTypes: readonly string[];
  /** `dark[y][x]`: true where the pixel is black (sample 0). */
  readonly dark: readonly (readonly boolean[])[];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodeBilevelPng(png: Uint8Array): DecodedPng {
  const bytes = Buffer.from(png);
  assert.deepEqual([...bytes.subarray(0, 8)], SIGNATURE, 'PNG signature');
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  let at = 8;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const crc = bytes.readUInt32BE(at + 8 + length);
    assert.equal(crc, zlibCrc32(bytes.subarray(at + 4, at + 8 + length)), `CRC of chunk ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  assert.equal(at, bytes.length, 'chunks end exactly at the end of the file');
  assert.ok(ihdr !== undefined, 'IHDR present');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  assert.deepEqual([...ihdr.subarray(8)], [1, 0, 0, 0, 0], 'bit depth 1, greyscale, deflate, filter 0, no interlace');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 1 + Math.ceil(width / 8);
  assert.equal(raw.length, stride * height, 'inflated size');
  const dark: boolean[][] = [];
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * stride], 0, `row ${y} uses filter type 0`);
    const row: boolean[] = [];
    for (let x = 0; x < width; x++) row.push((((raw[y * stride + 1 + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1) === 0);
    dark.push(row);
  }
  return { width, height, chunkTypes, dark };
}

/** Samples the centre pixel of each module of a QR image with a `margin`-module quiet zone. */
export function readModules(image: DecodedPng, scale: number, margin: number): boolean[][] {
  const modules = image.width / scale - 2 * margin;
  return Array.from({ length: modules }, (_, row) =>
    Array.from({ length: modules }, (_, col) => image.dark[(row + margin) * scale + (scale >> 1)]?.[(col + margin) * scale + (scale >> 1)] === true),
  );
}
