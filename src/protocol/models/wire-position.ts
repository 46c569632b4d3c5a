/**
 * Written by hand (not generated). Where a service answers two flattened lists that the wire interleaves —
 * S3's ListObjectVersions writes `<Version>` and `<DeleteMarker>` entries in one sequence, by key then newest
 * first (aws-behaviour.md §9.7) — each item carries its place in that sequence under this key. The rest-xml
 * writer merges the lists by it (`src/protocol/rest-xml/s3-member-order.ts`); other codecs ignore it.
 */
export const WIRE_POSITION: unique symbol = Symbol('wirePosition');

export type WithWirePosition<T> = T & { readonly [WIRE_POSITION]: number };

/** `item` marked as the `position`-th element of its interleaved sequence (not enumerable: it is no member). */
export function atWirePosition<T extends object>(item: T, position: number): WithWirePosition<T> {
  return Object.defineProperty(item, WIRE_POSITION, { value: position, enumerable: false }) as WithWirePosition<T>;
}
