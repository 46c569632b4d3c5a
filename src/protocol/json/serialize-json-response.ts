/**
 * Typed output → an AWS JSON 1.1 body (aws-behaviour.md §13.2): members under their model names, timestamps as
 * epoch seconds (with milliseconds as a fraction), blobs base64, absent members left out.
 */
import type { JsonServiceModel } from '../model.js';

export function serializeJsonResponse(model: JsonServiceModel, operation: string, output: Record<string, unknown>): string {
  const shape = model.operations[operation]?.output;
  return JSON.stringify(shape === undefined ? {} : encode(model, shape, output));
}

function encode(model: JsonServiceModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName];
  if (shape === undefined || value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        const encoded = encode(model, ref.shape, source[name]);
        if (encoded !== undefined) out[name] = encoded;
      }
      return out;
    }
    case 'list':
      return (value as readonly unknown[]).map((item) => encode(model, shape.member.shape, item));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, encode(model, shape.value.shape, item)]));
    case 'timestamp':
      return (value as number) / 1000;
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}
