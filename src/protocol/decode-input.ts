/**
 * Walks an operation's input shape over the parameter tree, producing the input object (AWS member names,
 * typed scalars) and every issue found on the way: missing required members, values that do not parse as
 * their type, and model constraints (aws-behaviour.md §0.2, §0.7). Never throws on bad input.
 */
import { checkConstraints } from './check-constraints.js';
import type { InputIssue, PathSegment } from './input-issue.js';
import type { ListShape, MapShape, MemberRef, ProtocolName, ServiceModel, StructureShape } from './model.js';
import type { ParamNode } from './param-tree.js';
import { indexedChildren } from './param-tree.js';
import { parseScalar } from './parse-scalar.js';
import { isFlattened, mapKeyName, mapValueName, requestMemberNames } from './wire-names.js';

interface Context {
  readonly model: ServiceModel;
  readonly protocol: ProtocolName;
  readonly issues: InputIssue[];
}

interface DecodedInput {
  readonly input: Record<string, unknown>;
  readonly issues: readonly InputIssue[];
}

export function decodeInput(model: ServiceModel, shapeName: string | undefined, root: ParamNode): DecodedInput {
  const ctx: Context = { model, protocol: model.metadata.protocol, issues: [] };
  if (shapeName === undefined) return { input: {}, issues: [] };
  const shape = shapeOf(ctx, shapeName);
  if (shape.type !== 'structure') throw new Error(`input shape ${shapeName} is not a structure`);
  return { input: decodeStructure(ctx, shape, root, []), issues: ctx.issues };
}

function shapeOf(ctx: Context, name: string): ServiceModel['shapes'][string] {
  const shape = ctx.model.shapes[name];
  if (shape === undefined) throw new Error(`shape ${name} is not in the model`);
  return shape;
}

function decodeStructure(ctx: Context, shape: StructureShape, node: ParamNode, path: readonly PathSegment[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(shape.required ?? []);
  for (const [name, ref] of Object.entries(shape.members)) {
    const wireNames = requestMemberNames(ctx.protocol, name, ref);
    let child: ParamNode | undefined;
    let wire = wireNames[0] ?? name;
    for (const candidate of wireNames) {
      child = node.children.get(candidate);
      if (child !== undefined) {
        wire = candidate;
        break;
      }
    }
    const memberPath = [...path, { kind: 'member', name, wire } as const];
    const value = child === undefined ? undefined : decodeValue(ctx, ref, child, memberPath);
    if (value === undefined) {
      if (required.has(name)) ctx.issues.push({ kind: 'missing', path: memberPath });
      continue;
    }
    out[name] = value;
  }
  return out;
}

/** `undefined` when nothing usable was sent for this member (it then counts as absent). */
function decodeValue(ctx: Context, ref: MemberRef, node: ParamNode, path: readonly PathSegment[]): unknown {
  const shape = shapeOf(ctx, ref.shape);
  let value: unknown;
  switch (shape.type) {
    case 'structure':
      if (node.children.size === 0) return undefined;
      value = decodeStructure(ctx, shape, node, path);
      break;
    case 'list':
      value = decodeList(ctx, ref, shape, node, path);
      break;
    case 'map':
      value = decodeMap(ctx, ref, shape, node, path);
      break;
    default: {
      if (node.value === undefined) return undefined;
      value = parseScalar(shape, node.value);
      if (value === undefined) {
        ctx.issues.push({ kind: 'malformed', path, raw: node.value, expected: shape.type });
        return undefined;
      }
    }
  }
  if (value === undefined) return undefined;
  const sensitive = (shape.type === 'string' || shape.type === 'blob') && shape.sensitive === true;
  for (const constraint of checkConstraints(shape, value)) {
    ctx.issues.push({ kind: 'constraint', path, value, sensitive, constraint });
  }
  return value;
}

/**
 * query: `Name.member.N` (or the member's locationName), `Name.N` when flattened, and `Name=` for an empty
 * list; EC2: always `Name.N`, and an empty list is simply absent (aws-behaviour.md §0.2).
 */
function decodeList(ctx: Context, ref: MemberRef, shape: ListShape, node: ParamNode, path: readonly PathSegment[]): unknown[] | undefined {
  let container: ParamNode | undefined = node;
  if (ctx.protocol === 'query' && !isFlattened(ref, shape)) {
    container = node.children.get(shape.member.locationName ?? 'member');
  }
  if (container === undefined) return node.value === '' && node.children.size === 0 ? [] : undefined;
  const items: unknown[] = [];
  indexedChildren(container).forEach((child, i) => {
    const item = decodeValue(ctx, shape.member, child, [...path, { kind: 'index', index: i + 1 }]);
    if (item !== undefined) items.push(item);
  });
  if (items.length === 0 && node.value !== '') return undefined;
  return items;
}

/** `Name.entry.N.key` / `.value` (or the model's names), `Name.N.key` when flattened. */
function decodeMap(
  ctx: Context,
  ref: MemberRef,
  shape: MapShape,
  node: ParamNode,
  path: readonly PathSegment[],
): Record<string, unknown> | undefined {
  const container = isFlattened(ref, shape) ? node : node.children.get('entry');
  if (container === undefined) return undefined;
  const out: Record<string, unknown> = {};
  indexedChildren(container).forEach((entry, i) => {
    const key = entry.children.get(mapKeyName(shape))?.value;
    const valueNode = entry.children.get(mapValueName(shape));
    if (key === undefined || valueNode === undefined) return;
    const value = decodeValue(ctx, shape.value, valueNode, [...path, { kind: 'index', index: i + 1 }]);
    if (value !== undefined) out[key] = value;
  });
  return out;
}
