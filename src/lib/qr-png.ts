/**
 * A QR code as PNG bytes, for `CreateVirtualMFADevice`'s `QRCodePNG` (aws-behaviour.md §2.5). The QR matrix
 * comes from `qrcode-generator` (MIT); the PNG is ours (`png.ts`).
 */
import { createRequire } from 'node:module';
import type QrCode from 'qrcode-generator';
import { encodeBilevelPng } from './png.js';

/** Loaded on the first QR code (a virtual MFA device's enrolment), not with the lab: its module costs ~5 ms of a start. */
let qrcode: typeof QrCode | undefined;

/** Medium error correction (~15 %): what authenticator-app enrolment codes commonly use. */
const QR_ERROR_CORRECTION = 'M';
/** Pixels per module. */
export const QR_SCALE = 4;
/** The quiet zone the QR spec asks for, in modules. */
export const QR_MARGIN = 4;

/** The module matrix for `text` (byte mode, smallest version that fits): `matrix[row][col]` true = dark. */
export function qrMatrix(text: string): boolean[][] {
  qrcode ??= createRequire(import.meta.url)('qrcode-generator') as typeof QrCode;
  const code = qrcode(0, QR_ERROR_CORRECTION);
  // qrcode-generator's byte mode keeps the low 8 bits of each UTF-16 unit, so hand it UTF-8 bytes as latin1.
  code.addData(Buffer.from(text, 'utf8').toString('latin1'), 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => code.isDark(row, col)));
}

export function qrPng(text: string, scale: number = QR_SCALE, margin: number = QR_MARGIN): Buffer {
  const matrix = qrMatrix(text);
  const side = (matrix.length + 2 * margin) * scale;
  return encodeBilevelPng(side, side, (x, y) => {
    const col = Math.floor(x / scale) - margin;
    const row = Math.floor(y / scale) - margin;
    return matrix[row]?.[col] === true;
  });
}
