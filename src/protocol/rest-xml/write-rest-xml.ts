/**
 * Output values → rest-xml elements, driven by the shape: body members only (members with a `location`
 * go to headers), `xmlAttribute` members as attributes, `xmlNamespace` as `xmlns`/`xmlns:prefix`, lists
 * wrapped or flattened, maps as `<entry><key/><value/></entry>` or flattened, timestamps ISO-8601 with
 * milliseconds. S3 writes every `ETag` quoted — `<ETag>"9b2cf535f27731c974343645a3985328"</ETag>`, escaped
 * on the wire as `&quot;` — so an unquoted ETag from the service is quoted here (aws-behaviour.md §5.2).
 */
import { InternalError } from '../../errors/aws-error.js';
import { escapeXmlAsS3 as escapeXml } from '../../lib/xml.js';
import type { ListShape, MapShape, MemberRef, RestXmlServiceModel, ShapeModel, StructureShape, XmlNamespace } from '../model.js';
import { isFlattened, listItemName, mapKeyName, mapValueName, responseElementName } from '../wire-names.js';
import { WIRE_POSITION } from '../models/wire-position.js';
import { formatRestScalar } from './rest-scalar.js';
import type { MemberOrder } from './s3-member-order.js';

export interface RestXmlWriteContext {
  readonly model: RestXmlServiceModel;
  /** Virtual epoch ms → the client's frame (design.md "Time"). */
  readonly toWireTime: (ms: number) => number;
  /** Body member order per structure shape, where the service's wire differs from the model. */
  readonly memberOrder?: Readonly<Record<string, MemberOrder>>;
}

/** `"abc"` stays; `abc` becomes `"abc"`. */
export function quoteEtag(etag: string): string {
  return etag.startsWith('"') && etag.endsWith('"') && etag.length >= 2 ? etag : `"${etag}"`;
}

function shapeOf(ctx: RestXmlWriteContext, name: string): ShapeModel {
  const shape = ctx.model.shapes[name];
  if (shape === undefined) throw new InternalError(`shape ${name} is not in the model`);
  return shape;
}

function namespaceAttribute(ns: XmlNamespace | undefined): string {
  if (ns === undefined) return '';
  return ns.prefix === undefined ? ` xmlns="${escapeXml(ns.uri)}"` : ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"`;
}

function open(name: string, attributes: string, children: string): string {
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}

/** The members in wire order: those `order` names first (groups kept together), then the others in model order. */
function memberSlots(shape: StructureShape, order: MemberOrder | undefined): (string | readonly string[])[] {
  if (order === undefined) return Object.keys(shape.members);
  const named = new Set(order.flat());
  const listed: (string | readonly string[])[] = [];
  for (const slot of order) {
    if (typeof slot === 'string') {
      if (slot in shape.members) listed.push(slot);
      continue;
    }
    const group = slot.filter((m) => m in shape.members);
    if (group.length > 0) listed.push(group);
  }
  return [...listed, ...Object.keys(shape.members).filter((m) => !named.has(m))];
}

/** A structure as one element: its attribute members on the tag, its body members inside. */
export function writeStructureElement(
  ctx: RestXmlWriteContext,
  name: string,
  shape: StructureShape,
  value: unknown,
  namespace: XmlNamespace | undefined,
  shapeName?: string,
): string {
  if (typeof value !== 'object' || value === null) throw new InternalError(`structure ${name} is not an object`);
  const record = value as Record<string, unknown>;
  let attributes = namespaceAttribute(namespace);
  let children = '';
  for (const slot of memberSlots(shape, shapeName === undefined ? undefined : ctx.memberOrder?.[shapeName])) {
    if (typeof slot !== 'string') {
      children += writeInterleaved(ctx, shape, slot, record);
      continue;
    }
    const ref = shape.members[slot] as MemberRef;
    const member = record[slot];
    if (member === undefined || member === null || ref.location !== undefined) continue;
    const memberShape = shapeOf(ctx, ref.shape);
    if (ref.xmlAttribute === true) {
      const text = formatRestScalar(ref, memberShape, member, 'body', ctx.toWireTime);
      attributes += ` ${ref.locationName ?? slot}="${escapeXml(text)}"`;
      continue;
    }
    children += writeMember(ctx, responseElementName(slot, ref, memberShape), ref, member);
  }
  return open(name, attributes, children);
}

/** Flattened lists written as one sequence, each item at its `WIRE_POSITION` (S3's `<Version>`/`<DeleteMarker>`). */
function writeInterleaved(ctx: RestXmlWriteContext, shape: StructureShape, members: readonly string[], record: Record<string, unknown>): string {
  const entries: { position: number; xml: string }[] = [];
  for (const memberName of members) {
    const ref = shape.members[memberName] as MemberRef;
    const listShape = shapeOf(ctx, ref.shape);
    const items = record[memberName];
    if (items === undefined || items === null) continue;
    if (listShape.type !== 'list' || !isFlattened(ref, listShape) || !Array.isArray(items)) {
      throw new InternalError(`interleaved member ${memberName} is not a flattened list`);
    }
    const elementName = responseElementName(memberName, ref, listShape);
    for (const item of items as unknown[]) {
      if (item === undefined || item === null) continue;
      const position = (item as { [WIRE_POSITION]?: number })[WIRE_POSITION];
      entries.push({ position: position ?? Number.MAX_SAFE_INTEGER, xml: writeMember(ctx, elementName, listShape.member, item) });
    }
  }
  // Array.prototype.sort is stable: items without a position keep their member's order, after the others.
  return entries
    .sort((a, b) => a.position - b.position)
    .map((e) => e.xml)
    .join('');
}

/** A scalar as one element whose text is the value: S3's `<LocationConstraint>eu-west-1</LocationConstraint>`. */
export function writeTextElement(
  ctx: RestXmlWriteContext,
  name: string,
  ref: MemberRef,
  value: unknown,
  namespace: XmlNamespace | undefined,
): string {
  const text = value === undefined || value === null ? '' : scalarText(ctx, ref, value);
  return open(name, namespaceAttribute(namespace), escapeXml(text));
}

function writeMember(ctx: RestXmlWriteContext, name: string, ref: MemberRef, value: unknown): string {
  const shape = shapeOf(ctx, ref.shape);
  switch (shape.type) {
    case 'structure':
      return writeStructureElement(ctx, name, shape, value, ref.xmlNamespace ?? shape.xmlNamespace, ref.shape);
    case 'list':
      return writeList(ctx, name, ref, shape, value);
    case 'map':
      return writeMap(ctx, name, ref, shape, value);
    default:
      return open(name, namespaceAttribute(ref.xmlNamespace), escapeXml(scalarText(ctx, ref, value)));
  }
}

function scalarText(ctx: RestXmlWriteContext, ref: MemberRef, value: unknown): string {
  const text = formatRestScalar(ref, shapeOf(ctx, ref.shape), value, 'body', ctx.toWireTime);
  return ref.shape === 'ETag' ? quoteEtag(text) : text;
}

function writeList(ctx: RestXmlWriteContext, name: string, ref: MemberRef, shape: ListShape, value: unknown): string {
  if (!Array.isArray(value)) throw new InternalError(`list ${name} is not an array`);
  const items = value.filter((item) => item !== undefined && item !== null);
  if (isFlattened(ref, shape)) return items.map((item) => writeMember(ctx, name, shape.member, item)).join('');
  const itemName = listItemName(shape);
  return open(name, namespaceAttribute(ref.xmlNamespace), items.map((item) => writeMember(ctx, itemName, shape.member, item)).join(''));
}

function writeMap(ctx: RestXmlWriteContext, name: string, ref: MemberRef, shape: MapShape, value: unknown): string {
  if (typeof value !== 'object' || value === null) throw new InternalError(`map ${name} is not an object`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  const entryXml = ([k, v]: [string, unknown]): string =>
    writeMember(ctx, mapKeyName(shape), shape.key, k) + writeMember(ctx, mapValueName(shape), shape.value, v);
  if (isFlattened(ref, shape)) return entries.map((e) => open(name, '', entryXml(e))).join('');
  return open(name, namespaceAttribute(ref.xmlNamespace), entries.map((e) => open('entry', '', entryXml(e))).join(''));
}
