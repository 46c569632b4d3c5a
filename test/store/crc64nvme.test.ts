/**
 * CRC-64/NVME: the catalogue's check value, and the slice-by-8 loop against a bit-at-a-time reference in BigInt
 * for every length around the 8-byte step, fed whole and in pieces.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Crc64Nvme } from '../../src/store/blob/crc64nvme.js';

const POLY = 0x9a6c9329ac4bc9b5n;
const ALL_ONES = 0xffffffffffffffffn;

function reference(bytes: Uint8Array): string {
  let crc = ALL_ONES;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = (crc & 1n) === 1n ? (crc >> 1n) ^ POLY : crc >> 1n;
  }
  return (crc ^ ALL_ONES).toString(16).padStart(16, '0');
}

test('the catalogue check value: CRC-64/NVME of "123456789" is ae8b14860a799888', () => {
  assert.equal(new Crc64Nvme().update(Buffer.from('123456789')).digest().toString('hex'), 'ae8b14860a799888');
});

test('slice-by-8 equals the bitwise reference for lengths 0–40 and 1000, whole and split', () => {
  for (const length of [...Array.from({ length: 41 }, (_, n) => n), 1000]) {
    const bytes = randomBytes(length);
    const whole = new Crc64Nvme().update(bytes).digest().toString('hex');
    assert.equal(whole, reference(bytes), `length ${length}`);
    const cut = Math.floor(length / 3);
    const split = new Crc64Nvme().update(bytes.subarray(0, cut)).update(bytes.subarray(cut)).digest().toString('hex');
    assert.equal(split, whole, `length ${length} split at ${cut}`);
  }
});
