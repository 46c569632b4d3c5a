/**
 * Plain data as the JSON it becomes: what `JSON.parse(JSON.stringify(value))` returns — members left undefined
 * dropped, undefined array items null — without writing and reading the text. Every issued session's claims go
 * through this (session-issuer.ts), and on a shared store every change the feed carries (state-view.ts); the round
 * trip through text was 3-4% of an AssumeRole's gateway time.
 * Anything but plain data (a Date, a Map, NaN, a function) takes the round trip itself, so the answer is the same.
 */
export function plainJson(value: unknown): unknown {
  const copied = copy(value);
  return copied === NOT_PLAIN ? (JSON.parse(JSON.stringify(value) ?? 'null') as unknown) : copied;
}

const NOT_PLAIN = Symbol('not plain');

function copy(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const copied = item === undefined ? null : copy(item);
      if (copied === NOT_PLAIN) return NOT_PLAIN;
      out[i] = copied;
    }
    return out;
  }
  if (typeof value !== 'object') return NOT_PLAIN;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member: unknown = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    const copied = copy(member);
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    out[key] = copied;
  }
  return out;
}
