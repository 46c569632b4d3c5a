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
import { formatRestScalar } from './rest-scalar.js';

export interface RestXmlWriteContext {
  readonly model: RestXmlServiceModel;
  /** Virtual epoch ms → the client's frame (design.md "Time"). */
  readonly toWireTime: (ms: number) => number;
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

/** A structure as one element: its attribute members on the tag, its body members inside. */
export function writeStructureElement(
  ctx: RestXmlWriteContext,
  name: string,
  shape: StructureShape,
  value: unknown,
  namespace: XmlNamespace | undefined,
): string {
  if (typeof value !== 'object' || value === null) throw new InternalError(`structure ${name} is not an object`);
  const record = value as Record<string, unknown>;
  let attributes = namespaceAttribute(namespace);
  let children = '';
  for (const [memberName, ref] of Object.entries(shape.members)) {
    const member = record[memberName];
    if (member === undefined || member === null || ref.location !== undefined) continue;
    const memberShape = shapeOf(ctx, ref.shape);
    if (ref.xmlAttribute === true) {
      const text = formatRestScalar(ref, memberShape, member, 'body', ctx.toWireTime);
      attributes += ` ${ref.locationName ?? memberName}="${escapeXml(text)}"`;
      continue;
    }
    children += writeMember(ctx, responseElementName(memberName, ref, memberShape), ref, member);
  }
  return open(name, attributes, children);
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
      return writeStructureElement(ctx, name, shape, value, ref.xmlNamespace ?? shape.xmlNamespace);
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
