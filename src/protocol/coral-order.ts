/**
 * The order in which Coral lists several validation errors: neither the model's member order nor the
 * alphabet, but the iteration order of a Java `HashMap` keyed by the lower-camel member name (aws-behaviour.md
 * §10.7). AWS answered CreateOpenIDConnectProvider with `clientIDList; thumbprintList; url` (model order
 * `Url, ClientIDList, ThumbprintList`) and UpdateAccountPasswordPolicy with `minimumPasswordLength;
 * passwordReusePrevention; maxPasswordAge` [O: LS-SNAP]: the buckets of those names in a 16-slot table are
 * 1, 13, 14 and 2, 6, 14. Inside a structure its members form a map of their own (DynamoDB's
 * `provisionedThroughput.writeCapacityUnits` before `…readCapacityUnits`, slots 5 and 11 [O]). [U] Problems of
 * one member keep the order they were found in; list elements go in list order.
 */
import type { PathSegment } from './input-issue.js';

/** Java's `String.hashCode`, on UTF-16 code units, as a 32-bit integer. */
function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The slot of a key in a `HashMap` of `capacity` slots (`hash ^ (hash >>> 16)`, masked). */
function hashMapSlot(key: string, capacity: number): number {
  const hash = javaStringHash(key);
  return ((hash ^ (hash >>> 16)) & (capacity - 1)) >>> 0;
}

/** A `HashMap`'s capacity once `keys` entries are in it: 16, doubled whenever it is more than 3/4 full. */
function hashMapCapacity(keys: number): number {
  let capacity = 16;
  while (keys > capacity * 0.75) capacity *= 2;
  return capacity;
}

export interface Placed<T> {
  /** The path of the issue (model member names). */
  readonly path: readonly PathSegment[];
  readonly item: T;
}

function segmentKey(segment: PathSegment): string {
  return segment.kind === 'member' ? segment.name : String(segment.index);
}

/** `items` in Coral's order (stable: entries that tie keep their relative order). */
export function coralOrder<T>(items: readonly Placed<T>[], depth = 0): T[] {
  const here: T[] = [];
  const groups = new Map<string, { segment: PathSegment; items: Placed<T>[] }>();
  for (const placed of items) {
    const segment = placed.path[depth];
    if (segment === undefined) {
      here.push(placed.item);
      continue;
    }
    const key = segmentKey(segment);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { segment, items: [placed] });
    else group.items.push(placed);
  }
  const capacity = hashMapCapacity(groups.size);
  const ordered = [...groups.values()]
    .map((group, arrival) => ({ group, arrival, rank: rankOf(group.segment, capacity) }))
    .sort((a, b) => a.rank - b.rank || a.arrival - b.arrival);
  return [...here, ...ordered.flatMap(({ group }) => coralOrder(group.items, depth + 1))];
}

function rankOf(segment: PathSegment, capacity: number): number {
  return segment.kind === 'member' ? hashMapSlot(lowerFirst(segment.name), capacity) : segment.index;
}

function lowerFirst(name: string): string {
  return name === '' ? name : name[0]!.toLowerCase() + name.slice(1);
}
