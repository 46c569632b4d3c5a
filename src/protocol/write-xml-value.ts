/**
 * Output values → XML elements, driven by the shape (aws-behaviour.md §0.3, §0.4): lists as
 * `<Name><member>…</member></Name>` (EC2's model says `item`), empty lists as `<Name/>`, flattened lists and
 * maps as repeated elements, booleans `true`/`false`, blobs base64, timestamps in the client's frame.
 * IAM's `policyDocumentType` strings go out URL-encoded (RFC 3986, space as %20; §2.2).
 */
import { InternalError } from '../errors/aws-error.js';
import { httpDate, isoMillis, isoSeconds, uriEncode } from '../lib/encoding.js';
import { element, wrap } from '../lib/xml.js';
import type { ListShape, MapShape, MemberRef, ProtocolName, ServiceModel, ShapeModel, StructureShape } from './model.js';
import { isFlattened, listItemName, mapKeyName, mapValueName, responseElementName } from './wire-names.js';

interface XmlWriteContext {
  readonly model: ServiceModel;
  readonly protocol: ProtocolName;
  /** Virtual epoch ms → the client's frame (design.md "Time"). */
  readonly toWireTime: (ms: number) => number;
}

/** Shapes botocore URL-decodes and JSON-parses on the way in (its `json_decode_policies` handler). */
const URL_ENCODED_SHAPES = new Set(['policyDocumentType']);

/** A structure member with its element name, worked out once per shape (every response writes them). */
interface WritableMember {
  readonly name: string;
  readonly ref: MemberRef;
  readonly elementName: string;
}

const writableMembers = new WeakMap<StructureShape, readonly WritableMember[]>();

function membersOf(ctx: XmlWriteContext, shape: StructureShape): readonly WritableMember[] {
  let members = writableMembers.get(shape);
  if (members === undefined) {
    members = Object.entries(shape.members).map(([name, ref]) => ({
      name,
      ref,
      elementName: responseElementName(name, ref, shapeOf(ctx, ref.shape)),
    }));
    writableMembers.set(shape, members);
  }
  return members;
}

export function writeStructureMembers(ctx: XmlWriteContext, shape: StructureShape, value: unknown): string {
  if (typeof value !== 'object' || value === null) throw new InternalError('structure output is not an object');
  const record = value as Record<string, unknown>;
  let out = '';
  for (const { name, ref, elementName } of membersOf(ctx, shape)) {
    const member = record[name];
    if (member === undefined || member === null) continue;
    out += writeMember(ctx, elementName, ref, member);
  }
  return out;
}

function shapeOf(ctx: XmlWriteContext, name: string): ShapeModel {
  const shape = ctx.model.shapes[name];
  if (shape === undefined) throw new InternalError(`shape ${name} is not in the model`);
  return shape;
}

function writeMember(ctx: XmlWriteContext, elementName: string, ref: MemberRef, value: unknown): string {
  const shape = shapeOf(ctx, ref.shape);
  switch (shape.type) {
    case 'structure':
      return wrap(elementName, writeStructureMembers(ctx, shape, value));
    case 'list':
      return writeList(ctx, elementName, ref, shape, value);
    case 'map':
      return writeMap(ctx, elementName, ref, shape, value);
    default:
      return element(elementName, scalarText(ctx, ref, shape, value));
  }
}

function writeList(ctx: XmlWriteContext, name: string, ref: MemberRef, shape: ListShape, value: unknown): string {
  if (!Array.isArray(value)) throw new InternalError(`list ${name} is not an array`);
  const items = value.filter((item) => item !== undefined && item !== null);
  if (isFlattened(ref, shape)) return items.map((item) => writeMember(ctx, name, shape.member, item)).join('');
  const itemName = listItemName(shape);
  return wrap(name, items.map((item) => writeMember(ctx, itemName, shape.member, item)).join(''));
}

function writeMap(ctx: XmlWriteContext, name: string, ref: MemberRef, shape: MapShape, value: unknown): string {
  if (typeof value !== 'object' || value === null) throw new InternalError(`map ${name} is not an object`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  const entryXml = ([k, v]: [string, unknown]): string =>
    writeMember(ctx, mapKeyName(shape), shape.key, k) + writeMember(ctx, mapValueName(shape), shape.value, v);
  if (isFlattened(ref, shape)) return entries.map((e) => wrap(name, entryXml(e))).join('');
  return wrap(name, entries.map((e) => wrap('entry', entryXml(e))).join(''));
}

function scalarText(ctx: XmlWriteContext, ref: MemberRef, shape: ShapeModel, value: unknown): string {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw new InternalError(`expected a string for ${ref.shape}`);
      return URL_ENCODED_SHAPES.has(ref.shape) ? encodedDocument(value) : value;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw new InternalError(`expected a number for ${ref.shape}`);
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new InternalError(`expected a boolean for ${ref.shape}`);
      return value ? 'true' : 'false';
    case 'timestamp':
      if (typeof value !== 'number') throw new InternalError(`expected epoch ms for ${ref.shape}`);
      return timestampText(ctx, ref.timestampFormat ?? shape.timestampFormat ?? 'iso8601', ctx.toWireTime(value));
    case 'blob':
      if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
      if (!(value instanceof Uint8Array)) throw new InternalError(`expected bytes for ${ref.shape}`);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    case 'structure':
    case 'list':
    case 'map':
      throw new InternalError(`${ref.shape} is not a scalar`);
  }
}

/**
 * Policy documents URL-encoded, remembered: the same few documents go out answer after answer (GetRole's trust
 * policy, GetRolePolicy's), and encoding one anew cost more than the rest of its element. Bounded: emptied
 * when full, since the documents come from callers.
 */
const ENCODED_DOCUMENTS = new Map<string, string>();
const ENCODED_DOCUMENTS_MAX = 64;

function encodedDocument(text: string): string {
  let encoded = ENCODED_DOCUMENTS.get(text);
  if (encoded === undefined) {
    encoded = uriEncode(text);
    if (ENCODED_DOCUMENTS.size >= ENCODED_DOCUMENTS_MAX) ENCODED_DOCUMENTS.clear();
    ENCODED_DOCUMENTS.set(text, encoded);
  }
  return encoded;
}

/** query: whole seconds `2019-11-09T13:34:41Z` (§1.10); EC2: `2024-01-01T00:00:00.000Z` (§0.4). */
function timestampText(ctx: XmlWriteContext, format: 'iso8601' | 'rfc822' | 'unixTimestamp', ms: number): string {
  switch (format) {
    case 'iso8601':
      return ctx.protocol === 'ec2' ? isoMillis(ms) : isoSeconds(ms);
    case 'rfc822':
      return httpDate(ms);
    case 'unixTimestamp':
      return String(ms / 1000);
  }
}
