/** The PNG encoder and the QR PNG: decoded by an independent reader and compared with qrcode-generator. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 as zlibCrc32 } from 'node:zlib';
import qrcode from 'qrcode-generator';
import { crc32, encodeBilevelPng } from '../../src/lib/png.js';
import { QR_MARGIN, QR_SCALE, qrPng } from '../../src/lib/qr-png.js';
import { decodeBilevelPng, readModules } from './png-reader.js';

describe('crc32', () => {
  it('gives the standard check value for "123456789"', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });
  it('agrees with zlib over several parts', () => {
    const a = Buffer.from('IHDR');
    const b = Buffer.from([0, 1, 2, 250, 251, 252]);
    assert.equal(crc32(a, b), zlibCrc32(Buffer.concat([a, b])));
  });
});

describe('encodeBilevelPng', () => {
  it('packs an odd-width image MSB first and reads back pixel for pixel', () => {
    const pattern = (x: number, y: number): boolean => (x * 7 + y * 3) % 5 < 2;
    const image = decodeBilevelPng(encodeBilevelPng(11, 3, pattern));
    assert.equal(image.width, 11);
    assert.equal(image.height, 3);
    assert.deepEqual(image.chunkTypes, ['IHDR', 'IDAT', 'IEND']);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 11; x++) assert.equal(image.dark[y]?.[x], pattern(x, y), `pixel ${x},${y}`);
  });

  it('refuses an empty image', () => {
    assert.throws(() => encodeBilevelPng(0, 5, () => false), RangeError);
  });
});

describe('qrPng', () => {
  const payload = 'otpauth://totp/alice-phone@123456789012?secret=JBSWR3GQGINHSIZZN4KA7D3XUQFBKJKC';

  it('is a PNG whose modules are qrcode-generator`s own matrix for the same text', () => {
    const image = decodeBilevelPng(qrPng(payload));
    const reference = qrcode(0, 'M');
    reference.addData(payload, 'Byte');
    reference.make();
    const size = reference.getModuleCount();
    assert.equal(image.width, (size + 2 * QR_MARGIN) * QR_SCALE);
    assert.equal(image.height, image.width);
    const modules = readModules(image, QR_SCALE, QR_MARGIN);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) assert.equal(modules[row]?.[col], reference.isDark(row, col), `module ${row},${col}`);
    }
  });

  it('keeps a white quiet zone around the code', () => {
    const image = decodeBilevelPng(qrPng(payload));
    const band = QR_MARGIN * QR_SCALE;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const inside = x >= band && y >= band && x < image.width - band && y < image.height - band;
        if (!inside) assert.equal(image.dark[y]?.[x], false, `quiet zone pixel ${x},${y}`);
      }
    }
  });

  it('differs for a different secret (the payload is really encoded)', () => {
    assert.notDeepEqual(qrPng(payload), qrPng(payload.replace('JBSW', 'KBSW')));
  });
});
