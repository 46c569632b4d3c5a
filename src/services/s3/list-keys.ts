/**
 * One page of a key listing, shared by ListObjects, ListObjectsV2 and ListMultipartUploads: keys under
 * `prefix`, strictly after `after`; with a delimiter, keys whose rest (after the prefix) contains it roll up
 * into one common prefix (ending with the delimiter), which counts once toward `maxKeys`. An item (key or
 * common prefix) at or before `after` is skipped, so a marker that is a common prefix skips its whole group.
 */
import { compareKeys } from './s3-state.js';

export type ListItem<T> = { readonly kind: 'key'; readonly name: string; readonly value: T } | { readonly kind: 'prefix'; readonly name: string };

export interface ListPage<T> {
  readonly items: readonly ListItem<T>[];
  readonly truncated: boolean;
}

interface ListSpec {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly after: string | undefined;
  readonly maxKeys: number;
}

export function listPage<T>(sorted: readonly T[], keyOf: (value: T) => string, spec: ListSpec): ListPage<T> {
  const items: ListItem<T>[] = [];
  let lastPrefix: string | undefined;
  for (const value of sorted) {
    const key = keyOf(value);
    if (!key.startsWith(spec.prefix)) continue;
    let item: ListItem<T> = { kind: 'key', name: key, value };
    if (spec.delimiter !== undefined && spec.delimiter !== '') {
      const at = key.indexOf(spec.delimiter, spec.prefix.length);
      if (at >= 0) item = { kind: 'prefix', name: key.slice(0, at + spec.delimiter.length) };
    }
    if (spec.after !== undefined && compareKeys(item.name, spec.after) <= 0) continue;
    if (item.kind === 'prefix' && item.name === lastPrefix) continue;
    if (items.length >= spec.maxKeys) return { items, truncated: true };
    items.push(item);
    if (item.kind === 'prefix') lastPrefix = item.name;
  }
  return { items, truncated: false };
}

/** `encoding-type=url`: S3 percent-encodes key names in the response (botocore decodes them). */
export function encodeKey(name: string, encoding: string | undefined): string {
  return encoding === 'url' ? encodeURIComponent(name).replace(/%2F/g, '/') : name;
}

/** max-keys: default and ceiling 1000; S3 rejects negatives. */
export function clampMaxKeys(value: number | undefined): number {
  if (value === undefined) return 1000;
  return Math.max(0, Math.min(1000, Math.trunc(value)));
}
