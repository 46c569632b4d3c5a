/**
 * Scalars in REST locations. Reading is lenient about timestamp formats (ISO-8601, epoch seconds and
 * RFC 1123 HTTP dates are all accepted wherever a timestamp goes); writing follows the Smithy defaults:
 * HTTP date in headers, ISO-8601 in XML bodies and query strings, unless the member says otherwise. S3
 * writes its XML timestamps with milliseconds (`2024-01-02T03:04:05.000Z`, aws-behaviour.md §5.2).
 */
import { InternalError } from '../../errors/aws-error.js';
import { httpDate, isoMillis } from '../../lib/encoding.js';
import type { MemberRef, ShapeModel, TimestampFormat } from '../model.js';
import { parseScalar } from '../parse-scalar.js';
import type { ScalarShapeType, ScalarValue } from '../parse-scalar.js';

type ScalarShape = ShapeModel & { type: ScalarShapeType };

export function isScalarShape(shape: ShapeModel): shape is ScalarShape {
  return shape.type !== 'structure' && shape.type !== 'list' && shape.type !== 'map';
}

const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export function parseRestScalar(shape: ScalarShape, raw: string): ScalarValue | undefined {
  if (shape.type === 'timestamp' && HTTP_DATE.test(raw.trim())) {
    const ms = Date.parse(raw.trim());
    return Number.isNaN(ms) ? undefined : ms;
  }
  return parseScalar(shape, shape.type === 'string' ? raw : raw.trim());
}

type RestTextLocation = 'header' | 'body' | 'querystring';

export function formatRestScalar(
  ref: MemberRef,
  shape: ShapeModel,
  value: unknown,
  where: RestTextLocation,
  toWireTime: (ms: number) => number,
): string {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw new InternalError(`expected a string for ${ref.shape}`);
      return value;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw new InternalError(`expected a number for ${ref.shape}`);
      return formatNumber(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new InternalError(`expected a boolean for ${ref.shape}`);
      return value ? 'true' : 'false';
    case 'timestamp': {
      if (typeof value !== 'number') throw new InternalError(`expected epoch ms for ${ref.shape}`);
      const fallback: TimestampFormat = where === 'header' ? 'rfc822' : 'iso8601';
      return formatTimestamp(ref.timestampFormat ?? shape.timestampFormat ?? fallback, toWireTime(value));
    }
    case 'blob':
      if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
      if (!(value instanceof Uint8Array)) throw new InternalError(`expected bytes for ${ref.shape}`);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    case 'structure':
    case 'list':
    case 'map':
      throw new InternalError(`${ref.shape} is not a scalar`);
  }
}

/** Smithy's spellings of the special floats. */
function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return String(value);
}

function formatTimestamp(format: TimestampFormat, ms: number): string {
  switch (format) {
    case 'iso8601':
      return isoMillis(ms);
    case 'rfc822':
      return httpDate(ms);
    case 'unixTimestamp':
      return String(ms / 1000);
  }
}

/**
 * A list header (`X-StringList: a, "b,c", d`) → its items. Items may be quoted (with `\` escapes) when they
 * contain a comma; HTTP dates contain one themselves (`Mon, 16 Dec 2019 …`), so for them every second
 * comma separates items.
 */
export function splitHeaderList(raw: string, httpDates: boolean): string[] {
  if (httpDates) {
    const parts = raw.split(',').map((p) => p.trim());
    const items: string[] = [];
    for (let i = 0; i < parts.length; i += 2) items.push(`${parts[i]}, ${parts[i + 1] ?? ''}`);
    return items;
  }
  const items: string[] = [];
  let i = 0;
  while (i <= raw.length) {
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    if (raw[i] === '"') {
      let item = '';
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && i + 1 < raw.length) i++;
        item += raw[i];
        i++;
      }
      items.push(item);
      const comma = raw.indexOf(',', i);
      i = comma === -1 ? raw.length + 1 : comma + 1;
    } else {
      const comma = raw.indexOf(',', i);
      const end = comma === -1 ? raw.length : comma;
      items.push(raw.slice(i, end).trim());
      i = end + 1;
    }
  }
  return items;
}

/** Joins list items for a header, quoting any that contain a comma or a quote (never HTTP dates). */
export function joinHeaderList(items: readonly string[], httpDates: boolean): string {
  if (httpDates) return items.join(', ');
  return items.map((item) => (/[",]/.test(item) ? `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"` : item)).join(', ');
}
