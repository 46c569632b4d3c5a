/**
 * An XML element → the value of a shape, the way botocore's rest-xml serialiser writes requests: members
 * as child elements named by `locationName` (or the member name), `xmlAttribute` members as attributes,
 * lists wrapped (`<Name><member>…</member></Name>`) or flattened (repeated `<Name>`), maps as
 * `<entry><key/><value/></entry>` or flattened. Namespaces are ignored, as S3 does. Collects problems
 * instead of stopping: a single problem makes the whole payload `MalformedXML` (aws-behaviour.md §5.5).
 */
import type { ListShape, MapShape, MemberRef, RestXmlServiceModel, ShapeModel, StructureShape } from '../model.js';
import { isFlattened, mapKeyName, mapValueName } from '../wire-names.js';
import { isScalarShape, parseRestScalar } from './rest-scalar.js';
import type { XmlNode } from './xml-reader.js';

export interface XmlDecodeContext {
  readonly model: RestXmlServiceModel;
  /** Human-readable problems, for logs and tests; the client only ever sees `MalformedXML`. */
  readonly problems: string[];
}

function shapeOf(ctx: XmlDecodeContext, name: string): ShapeModel {
  const shape = ctx.model.shapes[name];
  if (shape === undefined) throw new Error(`shape ${name} is not in the model`);
  return shape;
}

/** Members that travel in the body: no `location` (headers, query and URI members are read elsewhere). */
export function decodeXmlStructure(ctx: XmlDecodeContext, shape: StructureShape, node: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members)) {
    if (ref.location !== undefined) continue;
    const value = decodeMember(ctx, name, ref, node);
    if (value !== undefined) out[name] = value;
    else if (shape.required?.includes(name) === true) ctx.problems.push(`missing required member ${name}`);
  }
  return out;
}

function decodeMember(ctx: XmlDecodeContext, name: string, ref: MemberRef, node: XmlNode): unknown {
  const shape = shapeOf(ctx, ref.shape);
  const wire = ref.locationName ?? name;
  if (ref.xmlAttribute === true) {
    const raw = node.attributes.get(wire);
    return raw === undefined ? undefined : decodeText(ctx, ref, raw, wire);
  }
  if ((shape.type === 'list' || shape.type === 'map') && isFlattened(ref, shape)) {
    // botocore names flattened items after the member; Smithy after the list member's own name. Accept both.
    const names = new Set([wire, ...(shape.type === 'list' && shape.member.locationName ? [shape.member.locationName] : [])]);
    const items = node.children.filter((c) => names.has(c.name));
    if (items.length === 0) return undefined;
    return shape.type === 'list' ? items.map((item) => decodeValue(ctx, shape.member, item)) : decodeMapEntries(ctx, shape, items);
  }
  const child = node.children.find((c) => c.name === wire);
  return child === undefined ? undefined : decodeValue(ctx, ref, child);
}

function decodeValue(ctx: XmlDecodeContext, ref: MemberRef, node: XmlNode): unknown {
  const shape = shapeOf(ctx, ref.shape);
  switch (shape.type) {
    case 'structure':
      return decodeXmlStructure(ctx, shape, node);
    case 'list':
      return decodeList(ctx, shape, node);
    case 'map':
      return decodeMapEntries(
        ctx,
        shape,
        node.children.filter((c) => c.name === 'entry'),
      );
    default:
      return decodeText(ctx, ref, node.text, node.name);
  }
}

function decodeList(ctx: XmlDecodeContext, shape: ListShape, node: XmlNode): unknown[] {
  const itemName = shape.member.locationName ?? 'member';
  return node.children.filter((c) => c.name === itemName).map((c) => decodeValue(ctx, shape.member, c));
}

function decodeMapEntries(ctx: XmlDecodeContext, shape: MapShape, entries: readonly XmlNode[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const key = entry.children.find((c) => c.name === mapKeyName(shape));
    const value = entry.children.find((c) => c.name === mapValueName(shape));
    if (key === undefined || value === undefined) {
      ctx.problems.push(`map entry without key or value in ${entry.name}`);
      continue;
    }
    out[key.text] = decodeValue(ctx, shape.value, value);
  }
  return out;
}

function decodeText(ctx: XmlDecodeContext, ref: MemberRef, raw: string, where: string): unknown {
  const shape = shapeOf(ctx, ref.shape);
  if (!isScalarShape(shape)) {
    ctx.problems.push(`${where} holds text but is a ${shape.type}`);
    return undefined;
  }
  const value = parseRestScalar(shape, raw);
  if (value === undefined) ctx.problems.push(`${where}: \`${raw}\` is not a valid ${shape.type}`);
  return value;
}
