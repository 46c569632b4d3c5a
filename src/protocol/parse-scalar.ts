/**
 * One request value (always a string on the wire) → its typed value, or `undefined` when it cannot be read
 * as the shape's type. Timestamps become epoch milliseconds and blobs bytes, the representation used
 * everywhere inside iamlab.
 */
import type { ShapeModel } from './model.js';

export type ScalarShapeType = 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

export type ScalarValue = string | number | boolean | Uint8Array;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function parseScalar(shape: ShapeModel & { type: ScalarShapeType }, raw: string): ScalarValue | undefined {
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer':
      return parseInteger(raw, INT32_MIN, INT32_MAX);
    case 'long':
      return parseInteger(raw, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'float':
    case 'double':
      return parseFloatValue(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'timestamp':
      return parseTimestamp(raw);
    case 'blob':
      return parseBase64(raw);
  }
}

function parseInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^[-+]?\d{1,20}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}

function parseFloatValue(raw: string): number | undefined {
  // Smithy's special values (botocore's protocol tests send `NaN`, `Infinity`, `-Infinity`).
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

function parseBoolean(raw: string): boolean | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** ISO-8601 (SDK default for query/EC2 input) or epoch seconds (`unixTimestamp` members); → epoch ms. */
function parseTimestamp(raw: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  if (!ISO_8601.test(raw)) return undefined;
  const ms = Date.parse(raw.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

function parseBase64(raw: string): Uint8Array | undefined {
  const compact = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}
