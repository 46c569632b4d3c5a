/**
 * A JSON body's value → the typed input the services read, guided by the model (AWS JSON 1.1: timestamps are
 * epoch seconds, blobs base64, members keyed by their model names). Members the model does not know are
 * ignored. Constraints (`min`, `max`, `enum`) are not checked here: CloudTrail checks its own input and answers
 * with its own errors (aws-behaviour.md §13.4), not Coral's ValidationException.
 */
import type { JsonServiceModel } from '../model.js';

type Decoded = { readonly kind: 'ok'; readonly value: unknown } | { readonly kind: 'issue'; readonly message: string };

const ok = (value: unknown): Decoded => ({ kind: 'ok', value });
const issue = (path: string, expected: string): Decoded => ({ kind: 'issue', message: `\`${path}\` must be ${expected}` });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function decodeJsonValue(model: JsonServiceModel, shapeName: string, value: unknown, path: string): Decoded {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return issue(path, 'a known shape');
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return issue(path, 'an object');
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        const member = value[name];
        if (member === undefined || member === null) continue;
        const decoded = decodeJsonValue(model, ref.shape, member, path === '' ? name : `${path}.${name}`);
        if (decoded.kind === 'issue') return decoded;
        out[name] = decoded.value;
      }
      return ok(out);
    }
    case 'list': {
      if (!Array.isArray(value)) return issue(path, 'a list');
      const out: unknown[] = [];
      for (const [index, item] of value.entries()) {
        const decoded = decodeJsonValue(model, shape.member.shape, item, `${path}[${index}]`);
        if (decoded.kind === 'issue') return decoded;
        out.push(decoded.value);
      }
      return ok(out);
    }
    case 'map': {
      if (!isObject(value)) return issue(path, 'an object');
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const decoded = decodeJsonValue(model, shape.value.shape, item, `${path}.${key}`);
        if (decoded.kind === 'issue') return decoded;
        out[key] = decoded.value;
      }
      return ok(out);
    }
    case 'string':
      return typeof value === 'string' ? ok(value) : issue(path, 'a string');
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isSafeInteger(value) ? ok(value) : issue(path, 'a whole number');
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? ok(value) : issue(path, 'a number');
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : issue(path, 'true or false');
    case 'timestamp':
      // Epoch seconds, possibly with a fraction; kept as epoch milliseconds like every timestamp of the lab.
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e13
        ? ok(Math.round(value * 1000))
        : issue(path, 'a time in epoch seconds');
    case 'blob':
      return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0
        ? ok(new Uint8Array(Buffer.from(value, 'base64')))
        : issue(path, 'base64 text');
  }
}
