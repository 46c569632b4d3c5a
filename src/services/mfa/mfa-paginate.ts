/**
 * IAM-style pagination for the MFA lists: `MaxItems` (default 100) and an opaque `Marker` that encodes the
 * sort key of the next item, so a page boundary survives inserts and deletes between calls. A marker IAM
 * did not issue is a 400 "Invalid Marker." (see mfa-errors.ts).
 */
import { mfaErrors } from './mfa-errors.js';

const DEFAULT_MAX_ITEMS = 100;

interface Page<T> {
  readonly items: readonly T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

const encodeMarker = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  if (key === '' || encodeMarker(key) !== marker) throw mfaErrors.invalidMarker();
  return key;
}

/** `items` must be sorted by `keyOf` in code-unit order, and keys must be unique. */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const limit = maxItems ?? DEFAULT_MAX_ITEMS;
  let start = 0;
  if (marker !== undefined) {
    const from = decodeMarker(marker);
    start = items.findIndex((item) => keyOf(item) >= from);
    if (start < 0) start = items.length;
  }
  const next = items[start + limit];
  const page = items.slice(start, start + limit);
  return next === undefined ? { items: page, isTruncated: false } : { items: page, isTruncated: true, marker: encodeMarker(keyOf(next)) };
}

/** The wire members every IAM list answer carries. */
export function pageInfo(page: Page<unknown>): { IsTruncated: boolean; Marker?: string } {
  return page.marker === undefined ? { IsTruncated: page.isTruncated } : { IsTruncated: page.isTruncated, Marker: page.marker };
}
