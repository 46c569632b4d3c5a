/**
 * The request context: condition keys and their values for one request (aws-behaviour.md §7.6).
 * Key names are case-insensitive (§7.3), so entries are stored under the lower-cased key. Each entry keeps
 * lazily parsed forms (numbers, dates, addresses) so that a context evaluated against many conditions parses
 * each value at most once.
 */
import type { IpValue } from '../condition/parse-ip.js';

export type ContextValue = string | readonly string[];

export interface ContextEntry {
  /** The key as first written (for explanations). */
  readonly key: string;
  readonly values: readonly string[];
  /** True for multi-valued keys (`aws:TagKeys`…), even with one value: they cannot be policy variables (§7.5). */
  readonly multi: boolean;
  /** Lazily parsed caches; `null` marks a value that did not parse. */
  numbers?: readonly (number | null)[];
  dates?: readonly (number | null)[];
  ips?: readonly (IpValue | null)[];
  lower?: readonly string[];
}

export interface RequestContext {
  readonly entries: ReadonlyMap<string, ContextEntry>;
}

/**
 * Lower-cased keys, remembered: a context is built for every authorized request from the same two dozen global
 * keys (and the principal's tag keys), and lower-casing each anew was a third of the time building it took.
 * Bounded, since tag keys come from callers.
 */
const LOWER_KEYS = new Map<string, string>();
const LOWER_KEYS_MAX = 10_000;

function lowerKey(key: string): string {
  let lower = LOWER_KEYS.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (LOWER_KEYS.size < LOWER_KEYS_MAX) LOWER_KEYS.set(key, lower);
  }
  return lower;
}

/**
 * Collects keys and values straight into a context, as assignments to a record later given to
 * `createRequestContext` would: a later value of a key (in any case) replaces the earlier one, in its place, and
 * an undefined value removes it.
 */
export class RequestContextBuilder {
  readonly #entries = new Map<string, ContextEntry>();

  set(key: string, value: ContextValue | undefined): void {
    const lower = lowerKey(key);
    if (value === undefined) {
      this.#entries.delete(lower);
      return;
    }
    const multi = typeof value !== 'string';
    this.#entries.set(lower, { key, values: multi ? [...value] : [value], multi });
  }

  build(): RequestContext {
    return { entries: this.#entries };
  }
}

/** Builds a context from plain key/value pairs; arrays mark multi-valued keys. */
export function createRequestContext(values: Readonly<Record<string, ContextValue | undefined>>): RequestContext {
  const builder = new RequestContextBuilder();
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value !== undefined) builder.set(key, value);
  }
  return builder.build();
}

/** A copy of `context` with `values` added or replaced (used for per-action trust keys). */
export function extendRequestContext(context: RequestContext, values: Readonly<Record<string, ContextValue | undefined>>): RequestContext {
  const entries = new Map(context.entries);
  for (const [key, entry] of createRequestContext(values).entries) entries.set(key, entry);
  return { entries };
}

/** The single value of a key usable as a policy variable, or undefined (§7.5: multi-valued keys are not). */
export function singleValue(context: RequestContext, lowerKey: string): string | undefined {
  const entry = context.entries.get(lowerKey);
  if (entry === undefined || entry.multi) return undefined;
  return entry.values[0];
}

/** Plain view of a context (for tests, audit and the differential harness). */
export function contextToRecord(context: RequestContext): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const entry of context.entries.values()) out[entry.key] = entry.multi ? [...entry.values] : (entry.values[0] ?? '');
  return out;
}
