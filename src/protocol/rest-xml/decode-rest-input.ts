/**
 * A matched REST request → the operation's typed input: URI labels, query parameters, headers (single
 * and `x-amz-meta-*`-style prefix maps) and the body, each where the model's member `location` says.
 * Body handling follows the `payload` trait: a structure payload is an XML document whose root is that
 * structure; a streaming blob is not read at all (the input gets a marker, the gateway streams the bytes);
 * a string or plain blob payload is the body itself; without a payload the body members sit under the
 * input's root element. Problems become S3 errors, returned, never thrown.
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { FormPairs } from '../decode-form.js';
import type { MapShape, MemberRef, RestXmlServiceModel, StreamingBodyMarker, StructureShape } from '../model.js';
import type { ParseResult } from '../parse-request.js';
import { decodeXmlStructure } from './decode-xml-value.js';
import type { XmlDecodeContext } from './decode-xml-value.js';
import type { HeaderPairs } from './match-route.js';
import { isScalarShape, parseRestScalar, splitHeaderList } from './rest-scalar.js';
import { s3ProtocolErrors } from './s3-protocol-errors.js';
import { DEFAULT_XML_LIMITS, readXml } from './xml-reader.js';
import type { XmlLimits } from './xml-reader.js';

export const STREAMING_BODY: StreamingBodyMarker = Object.freeze({ kind: 'streaming-body' });

interface RestInputParts {
  readonly labels: ReadonlyMap<string, string>;
  readonly query: FormPairs;
  readonly headers: HeaderPairs;
  /** The body as text; only read for XML, string and non-streaming blob payloads. */
  readonly body?: string;
  readonly xmlLimits?: XmlLimits;
}

/** What the gateway must do with the body before parsing: nothing, or read it as text. */
export type PayloadKind = 'none' | 'xml' | 'text' | 'stream';

export function payloadKind(model: RestXmlServiceModel, operation: string): PayloadKind {
  const input = inputShape(model, operation);
  if (input === undefined) return 'none';
  if (input.payload === undefined) {
    return Object.values(input.members).some((ref) => ref.location === undefined) ? 'xml' : 'none';
  }
  const ref = input.members[input.payload];
  const shape = ref === undefined ? undefined : model.shapes[ref.shape];
  if (shape?.type === 'blob' && (ref?.streaming === true || shape.streaming === true)) return 'stream';
  return shape?.type === 'structure' ? 'xml' : 'text';
}

function inputShape(model: RestXmlServiceModel, operation: string): StructureShape | undefined {
  const name = model.operations[operation]?.input;
  const shape = name === undefined ? undefined : model.shapes[name];
  return shape?.type === 'structure' ? shape : undefined;
}

export function decodeRestInput(model: RestXmlServiceModel, operation: string, parts: RestInputParts): ParseResult {
  const shape = inputShape(model, operation);
  if (shape === undefined) return { kind: 'ok', operation, input: {} };
  const input: Record<string, unknown> = {};
  const headers = new Map<string, string>();
  for (const [name, value] of parts.headers) {
    const lower = name.toLowerCase();
    const previous = headers.get(lower);
    headers.set(lower, previous === undefined ? value : `${previous}, ${value}`);
  }
  const plan = inputPlan(model, shape);
  for (const member of plan.located) {
    const decoded = decodeLocated(model, member, parts, headers, plan.claimedQuery);
    if (decoded.kind === 'error') return decoded;
    if (decoded.value !== undefined) input[member.name] = decoded.value;
  }
  const body = decodeBody(model, shape, parts);
  if (body.kind === 'error') return body;
  Object.assign(input, body.members);
  for (const name of shape.required ?? []) {
    if (input[name] !== undefined) continue;
    const ref = shape.members[name];
    if (ref?.location === undefined) return { kind: 'error', error: s3ProtocolErrors.malformedXml() };
    return { kind: 'error', error: s3ProtocolErrors.invalidArgument(ref.locationName ?? name, '') };
  }
  return { kind: 'ok', operation, input };
}

type Decoded = { readonly kind: 'ok'; readonly value: unknown } | { readonly kind: 'error'; readonly error: AwsError };

/** An input member that is read from the request line or headers, with its wire name worked out once. */
interface LocatedMember {
  readonly name: string;
  readonly ref: MemberRef;
  readonly wire: string;
  /** The wire name in lower case, as header names are looked up. */
  readonly wireLower: string;
}

/** What decoding an input shape needs that depends on the shape alone: computed once per shape, not per request. */
interface InputPlan {
  /** The members read from the URI, the query string or headers, in the model's order (body members are not). */
  readonly located: readonly LocatedMember[];
  /** Query parameters a scalar or list member claims: a query map takes all the others. */
  readonly claimedQuery: ReadonlySet<string>;
}

const INPUT_PLANS = new WeakMap<StructureShape, InputPlan>();

function inputPlan(model: RestXmlServiceModel, shape: StructureShape): InputPlan {
  let plan = INPUT_PLANS.get(shape);
  if (plan === undefined) {
    const members = Object.entries(shape.members);
    plan = {
      located: members
        .filter(([, ref]) => ref.location === 'uri' || ref.location === 'header' || ref.location === 'headers' || ref.location === 'querystring')
        .map(([name, ref]) => ({ name, ref, wire: ref.locationName ?? name, wireLower: (ref.locationName ?? name).toLowerCase() })),
      claimedQuery: new Set(
        members.flatMap(([n, r]) => (r.location === 'querystring' && model.shapes[r.shape]?.type !== 'map' ? [r.locationName ?? n] : [])),
      ),
    };
    INPUT_PLANS.set(shape, plan);
  }
  return plan;
}

function decodeLocated(
  model: RestXmlServiceModel,
  member: LocatedMember,
  parts: RestInputParts,
  headers: ReadonlyMap<string, string>,
  claimedQuery: ReadonlySet<string>,
): Decoded {
  const { ref, wire } = member;
  switch (ref.location) {
    case 'uri':
      return scalarOrList(model, ref, wire, parts.labels.get(wire), false);
    case 'header':
      return scalarOrList(model, ref, wire, headers.get(member.wireLower), true);
    case 'headers':
      return prefixHeaders(model, ref, wire, headers);
    case 'querystring':
      return queryMember(model, ref, wire, parts.query, claimedQuery);
    default:
      // `statusCode` is output-only; body members are decoded with the payload (the plan leaves them out).
      return { kind: 'ok', value: undefined };
  }
}

function scalarOrList(model: RestXmlServiceModel, ref: MemberRef, wire: string, raw: string | undefined, header: boolean): Decoded {
  if (raw === undefined) return { kind: 'ok', value: undefined };
  const shape = model.shapes[ref.shape];
  if (shape?.type === 'list') {
    const item = model.shapes[shape.member.shape];
    const dates = item?.type === 'timestamp' && (shape.member.timestampFormat ?? item.timestampFormat ?? 'rfc822') === 'rfc822';
    const items = header ? splitHeaderList(raw, dates) : [raw];
    const values: unknown[] = [];
    for (const text of items) {
      const one = scalar(model, shape.member, wire, text);
      if (one.kind === 'error') return one;
      values.push(one.value);
    }
    return { kind: 'ok', value: values };
  }
  return scalar(model, ref, wire, raw);
}

function scalar(model: RestXmlServiceModel, ref: MemberRef, wire: string, raw: string): Decoded {
  const shape = model.shapes[ref.shape];
  if (shape === undefined || !isScalarShape(shape)) return { kind: 'ok', value: undefined };
  const value = parseRestScalar(shape, raw);
  if (value === undefined) return { kind: 'error', error: s3ProtocolErrors.invalidArgument(wire, raw) };
  return { kind: 'ok', value };
}

/**
 * `x-amz-meta-color: red` → `{ color: 'red' }`; names arrive lower-cased, as S3 stores metadata keys. Like
 * botocore's parser, an absent set is an empty map, so services always see the member.
 */
function prefixHeaders(model: RestXmlServiceModel, ref: MemberRef, prefix: string, headers: ReadonlyMap<string, string>): Decoded {
  const shape = model.shapes[ref.shape];
  if (shape?.type !== 'map') return { kind: 'ok', value: undefined };
  const lowerPrefix = prefix.toLowerCase();
  const out: Record<string, unknown> = {};
  for (const [name, raw] of headers) {
    if (!name.startsWith(lowerPrefix)) continue;
    const one = scalar(model, shape.value, name, raw);
    if (one.kind === 'error') return one;
    out[name.slice(lowerPrefix.length)] = one.value;
  }
  return { kind: 'ok', value: out };
}

function queryMember(model: RestXmlServiceModel, ref: MemberRef, wire: string, query: FormPairs, claimed: ReadonlySet<string>): Decoded {
  const shape = model.shapes[ref.shape];
  if (shape?.type === 'map') return queryMap(model, shape, query, claimed);
  const values = query.filter(([n]) => n === wire).map(([, v]) => v);
  if (values.length === 0) return { kind: 'ok', value: undefined };
  if (shape?.type !== 'list') return scalar(model, ref, wire, values[0]!);
  const items: unknown[] = [];
  for (const raw of values) {
    const one = scalar(model, shape.member, wire, raw);
    if (one.kind === 'error') return one;
    items.push(one.value);
  }
  return { kind: 'ok', value: items };
}

/** A query map takes every parameter no other member claims; list-valued maps collect repeats. */
function queryMap(model: RestXmlServiceModel, shape: MapShape, query: FormPairs, claimed: ReadonlySet<string>): Decoded {
  const out: Record<string, unknown> = {};
  const valueShape = model.shapes[shape.value.shape];
  for (const [name, raw] of query) {
    if (claimed.has(name)) continue;
    if (valueShape?.type === 'list') {
      const one = scalar(model, valueShape.member, name, raw);
      if (one.kind === 'error') return one;
      out[name] = [...((out[name] as unknown[] | undefined) ?? []), one.value];
    } else if (!(name in out)) {
      const one = scalar(model, shape.value, name, raw);
      if (one.kind === 'error') return one;
      out[name] = one.value;
    }
  }
  return { kind: 'ok', value: Object.keys(out).length > 0 ? out : undefined };
}

type BodyResult = { readonly kind: 'ok'; readonly members: Record<string, unknown> } | { readonly kind: 'error'; readonly error: AwsError };

function decodeBody(model: RestXmlServiceModel, shape: StructureShape, parts: RestInputParts): BodyResult {
  const body = parts.body ?? '';
  const limits = parts.xmlLimits ?? DEFAULT_XML_LIMITS;
  if (shape.payload === undefined) {
    const hasBodyMembers = Object.values(shape.members).some((r) => r.location === undefined);
    if (!hasBodyMembers || body.trim() === '') return { kind: 'ok', members: {} };
    const xml = readXml(body, limits);
    if (xml.kind === 'error') return xml;
    return checked(model, (ctx) => decodeXmlStructure(ctx, shape, xml.root));
  }
  const name = shape.payload;
  const ref = shape.members[name];
  const target = ref === undefined ? undefined : model.shapes[ref.shape];
  if (ref === undefined || target === undefined) return { kind: 'ok', members: {} };
  if (target.type === 'blob' && (ref.streaming === true || target.streaming === true)) {
    return { kind: 'ok', members: { [name]: STREAMING_BODY } };
  }
  if (body === '') {
    if (shape.required?.includes(name) !== true) return { kind: 'ok', members: {} };
    // A required text payload that is empty is the service's to judge: S3 answers an empty bucket policy
    // with its `MalformedPolicy` text (aws-behaviour.md §9.1).
    return target.type === 'structure' ? { kind: 'error', error: s3ProtocolErrors.malformedXml() } : { kind: 'ok', members: { [name]: '' } };
  }
  if (target.type === 'blob') return { kind: 'ok', members: { [name]: new Uint8Array(Buffer.from(body, 'utf8')) } };
  if (target.type !== 'structure') return { kind: 'ok', members: { [name]: body } };
  if (body.trim() === '') return { kind: 'error', error: s3ProtocolErrors.malformedXml() };
  const xml = readXml(body, limits);
  if (xml.kind === 'error') return xml;
  // S3 checks the root element's name (`<Delete>`, `<CompleteMultipartUpload>`); a wrong one does not validate.
  // The model may name it on the member, on the target shape, or by the shape's own name (Smithy's rule).
  const rootNames = [ref.locationName, target.locationName, ref.shape, name];
  if (!rootNames.includes(xml.root.name)) return { kind: 'error', error: s3ProtocolErrors.malformedXml() };
  return checked(model, (ctx) => ({ [name]: decodeXmlStructure(ctx, target, xml.root) }));
}

function checked(model: RestXmlServiceModel, decode: (ctx: XmlDecodeContext) => Record<string, unknown>): BodyResult {
  const ctx: XmlDecodeContext = { model, problems: [] };
  const members = decode(ctx);
  return ctx.problems.length === 0 ? { kind: 'ok', members } : { kind: 'error', error: s3ProtocolErrors.malformedXml() };
}
