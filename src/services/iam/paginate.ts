/**
 * IAM's pagination: `MaxItems` (1–1000, default 100) and an opaque `Marker`; every list answer carries
 * `IsTruncated`, and `Marker` when there is more. The marker encodes the sort key of the next item, so a
 * page boundary survives inserts and deletes between calls.
 */
import { iamErrors } from './iam-errors.js';

const DEFAULT_MAX_ITEMS = 100;

interface PageInfo {
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

interface Page<T> {
  readonly items: T[];
  readonly info: PageInfo;
}

const encode = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

function decode(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  if (encode(key) !== marker) throw iamErrors.validation('Invalid Marker.');
  return key;
}

/** Orders by a string key in code-unit order (the order markers compare in). */
export function sortByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return items
    .map((item) => [keyOf(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item);
}

/** `items` must already be sorted by `keyOf`. */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const limit = maxItems ?? DEFAULT_MAX_ITEMS;
  let start = 0;
  if (marker !== undefined) {
    const from = decode(marker);
    start = items.findIndex((item) => keyOf(item) >= from);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  return next === undefined
    ? { items: page, info: { IsTruncated: false } }
    : { items: page, info: { IsTruncated: true, Marker: encode(keyOf(next)) } };
}

/** The sort key IAM-style lists use: name case-insensitively, then the unique id. */
export const nameKey = (entity: { readonly name: string; readonly id: string }): string => `${entity.name.toLowerCase()}\u0000${entity.id}`;
