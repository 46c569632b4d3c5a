/**
 * Values are stored as JSON text, exactly as `JSON.stringify` writes them, so a value reads back with the
 * same members in the same order (PostgreSQL's `jsonb` would reorder object keys, hence text columns).
 *
 * `JSON.stringify` silently changes what it cannot represent (`undefined` members vanish, `NaN` becomes
 * `null`, a `Date` becomes a string, a `Map` becomes `{}`), which would store something other than what the
 * caller holds. `encodeJson` refuses those values instead, naming where in the value the problem is.
 */
import { InternalError } from '../errors/aws-error.js';
import type { Json } from './port.js';

/** JSON text of `value`, or an `InternalError` when `value` is not a JSON value (a caller's bug). */
export function encodeJson(value: unknown, what: string): string {
  const problem = findNonJson(value, '$', new Set());
  if (problem !== undefined) {
    throw new InternalError(`${what} is not a JSON value: ${problem}`);
  }
  return JSON.stringify(value);
}

export function decodeJson<T extends Json>(text: string): T {
  return JSON.parse(text) as T;
}

/** The first reason `value` would not round-trip through JSON text, or undefined when it would. */
function findNonJson(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `\`${path}\` is ${String(value)}`;
    case 'undefined':
      return `\`${path}\` is undefined`;
    case 'function':
    case 'symbol':
    case 'bigint':
      return `\`${path}\` is a ${typeof value}`;
    case 'object':
      return value === null ? undefined : findNonJsonObject(value, path, ancestors);
  }
}

function findNonJsonObject(value: object, path: string, ancestors: Set<object>): string | undefined {
  if (ancestors.has(value)) return `\`${path}\` is a circular reference`;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return findNonJsonArray(value, path, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return `\`${path}\` is a ${typeof name === 'string' ? name : 'non-plain object'}, not a plain object`;
    }
    if (Object.getOwnPropertySymbols(value).length > 0) return `\`${path}\` has symbol keys`;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const problem = findNonJson(record[key], `${path}.${key}`, ancestors);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}

function findNonJsonArray(value: readonly unknown[], path: string, ancestors: Set<object>): string | undefined {
  for (let i = 0; i < value.length; i++) {
    // A hole would be written as null and read back as a member: a different array.
    if (!(i in value)) return `\`${path}[${i}]\` is a hole in a sparse array`;
    const problem = findNonJson(value[i], `${path}[${i}]`, ancestors);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
