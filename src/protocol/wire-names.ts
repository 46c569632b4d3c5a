/**
 * Which name a member has on the wire, per protocol and direction (aws-behaviour.md §0.2–§0.4).
 * Requests: query uses `locationName` or the member name; EC2 uses `queryName`, else the capitalised
 * `locationName`, else the member name. Responses: `locationName` or the member name, except that a
 * flattened list repeats its *member's* `locationName` when it has one (botocore's `_member_key_name`).
 */
import type { ListShape, MapShape, MemberRef, ProtocolName, ShapeModel } from './model.js';

function capitalize(name: string): string {
  return name === '' ? name : name[0]!.toUpperCase() + name.slice(1);
}

/**
 * Request names to try, best first. EC2 also accepts the capitalised member name: the JS SDK capitalises
 * every structure key while botocore sends a member without `locationName` as-is.
 */
export function requestMemberNames(protocol: ProtocolName, memberName: string, ref: MemberRef): string[] {
  if (protocol === 'query') return [ref.locationName ?? memberName];
  const primary = ref.queryName ?? (ref.locationName !== undefined ? capitalize(ref.locationName) : memberName);
  const alternative = capitalize(memberName);
  return alternative === primary ? [primary] : [primary, alternative];
}

export function isFlattened(ref: MemberRef, shape: ListShape | MapShape): boolean {
  return ref.flattened === true || shape.flattened === true;
}

export function responseElementName(memberName: string, ref: MemberRef, shape: ShapeModel): string {
  if (shape.type === 'list' && isFlattened(ref, shape) && shape.member.locationName !== undefined) {
    return shape.member.locationName;
  }
  return ref.locationName ?? memberName;
}

/** Element name of each list item when not flattened: `member` (query) or the model's `item` (EC2). */
export function listItemName(shape: ListShape): string {
  return shape.member.locationName ?? 'member';
}

export function mapKeyName(shape: MapShape): string {
  return shape.key.locationName ?? 'key';
}

export function mapValueName(shape: MapShape): string {
  return shape.value.locationName ?? 'value';
}
