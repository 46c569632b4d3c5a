/**
 * Values are stored as JSON text, exactly as `JSON.stringify` writes them, so a value reads back with the
 * same members in the same order (PostgreSQL's `jsonb` would reorder object keys, hence text columns).
 *
 * `JSON.stringify` silently changes what it cannot represent (`undefined` members vanish, `NaN` becomes
 * `null`, a `Date` becomes a string, a `Map` becomes `{}`), which would store something other than what the
 * caller holds. `encodeJson` refuses those values instead, naming where in the value the problem is.
 *
 * The check walks the whole value, which cost a lab serving requests more than writing it did (~2 µs of an
 * audit event's ~8, more for a session record): like the re-entry check (reentry-guard.ts), it is a check on
 * the caller's code, on in the test suite and in the store contract (stores check unless told not to) and in a
 * lab only with `IAMLAB_STORE_CHECKS=1`.
 */
import { InternalError } from '../errors/aws-error.js';
import type { Json } from './port.js';

/** JSON text of `value`, or an `InternalError` when `value` is not a JSON value (a caller's bug) and `check` is on. */
export function encodeJson(value: unknown, what: string, check = true): string {
  if (check) checkJson(value, what);
  return JSON.stringify(value);
}

/** Throws `encodeJson`'s error when `value` is not a JSON value; for values stringified later, in bulk. */
export function checkJson(value: unknown, what: string): void {
  const problem = findNonJson(value, new Set());
  if (problem !== undefined) {
    throw new InternalError(`${what} is not a JSON value: \`$${problem.segments.reverse().join('')}\` ${problem.reason}`);
  }
}

export function decodeJson<T extends Json>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * Why a value would not round-trip, and where: `segments` are the steps from the value itself up to the
 * root (`.key`, `[3]`), appended while unwinding, so that a valid value — every stored one — costs no path
 * strings at all.
 */
interface Problem {
  readonly segments: string[];
  readonly reason: string;
}

function problem(reason: string): Problem {
  return { segments: [], reason };
}

/** The first reason `value` would not round-trip through JSON text, or undefined when it would. */
function findNonJson(value: unknown, ancestors: Set<object>): Problem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : problem(`is ${String(value)}`);
    case 'undefined':
      return problem('is undefined');
    case 'function':
    case 'symbol':
    case 'bigint':
      return problem(`is a ${typeof value}`);
    case 'object':
      return value === null ? undefined : findNonJsonObject(value, ancestors);
  }
}

function findNonJsonObject(value: object, ancestors: Set<object>): Problem | undefined {
  if (ancestors.has(value)) return problem('is a circular reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return findNonJsonArray(value, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return problem(`is a ${typeof name === 'string' ? name : 'non-plain object'}, not a plain object`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) return problem('has symbol keys');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const found = findNonJson(record[key], ancestors);
      if (found !== undefined) {
        found.segments.push(`.${key}`);
        return found;
      }
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}

function findNonJsonArray(value: readonly unknown[], ancestors: Set<object>): Problem | undefined {
  for (let i = 0; i < value.length; i++) {
    // A hole would be written as null and read back as a member: a different array.
    if (!(i in value)) return { segments: [`[${i}]`], reason: 'is a hole in a sparse array' };
    const found = findNonJson(value[i], ancestors);
    if (found !== undefined) {
      found.segments.push(`[${i}]`);
      return found;
    }
  }
  return undefined;
}
