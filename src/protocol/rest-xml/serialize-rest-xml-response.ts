/**
 * Typed operation output → a rest-xml response: the status the model declares (`http.responseCode`: 204
 * for DeleteObject, DeleteBucket, DeleteBucketPolicy, AbortMultipartUpload; else 200), headers from
 * `header` members and `headers` prefix maps (`x-amz-meta-*`), and the body — the payload member (an XML
 * structure, a policy string, or the object's stream) or the body members under the operation's root
 * element, in S3's namespace. HEAD responses never have a body. S3's shape:
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner>…</Owner><Buckets>…</Buckets></ListAllMyBucketsResult>
 */
import { InternalError } from '../../errors/aws-error.js';
import type { MemberRef, RestXmlServiceModel, StreamingBody, StructureShape, XmlNamespace } from '../model.js';
import { CONTENT_TYPE_HEADER, S3_HOST_ID_HEADER, S3_REQUEST_ID_HEADER, S3_XML_PROLOG, XML_CONTENT_TYPE } from './constants.js';
import type { RestBody, RestResponse } from './rest-response.js';
import { formatRestScalar, joinHeaderList } from './rest-scalar.js';
import type { MemberOrder } from './s3-member-order.js';
import { S3_MEMBER_ORDER } from './s3-member-order.js';
import type { RootElement } from './s3-root-elements.js';
import { S3_ROOT_ELEMENTS } from './s3-root-elements.js';
import { S3_SUCCESS_STATUS } from './s3-success-status.js';
import type { RestXmlWriteContext } from './write-rest-xml.js';
import { quoteEtag, writeStructureElement, writeTextElement } from './write-rest-xml.js';

interface RestSerializeOptions {
  readonly requestId: string;
  /** S3's `x-amz-id-2`. */
  readonly hostId: string;
  /** Virtual epoch ms → the client's frame (design.md "Time"). */
  readonly toWireTime: (ms: number) => number;
  /** The request's method: a HEAD response is status and headers only. */
  readonly method?: string;
  /** Root element per operation for responses without a payload member; the output shape's name otherwise. */
  readonly rootElements?: Readonly<Record<string, RootElement>>;
  /** Success status per operation where the service's differs from the model's. */
  readonly successStatus?: Readonly<Record<string, number>>;
  /** Body member order per structure shape, where the wire differs from the model. */
  readonly memberOrder?: Readonly<Record<string, MemberOrder>>;
}

type Writer = RestXmlWriteContext;

export function serializeRestXmlResponse(
  model: RestXmlServiceModel,
  operation: string,
  output: unknown,
  options: RestSerializeOptions,
): RestResponse {
  const op = model.operations[operation];
  if (op === undefined) throw new InternalError(`operation ${operation} is not in the model`);
  const record = (output ?? {}) as Record<string, unknown>;
  const shape = outputShape(model, op.output);
  const ctx: Writer = { model, toWireTime: options.toWireTime, ...(options.memberOrder === undefined ? {} : { memberOrder: options.memberOrder }) };
  const headers: [string, string][] = [
    [S3_REQUEST_ID_HEADER, options.requestId],
    [S3_HOST_ID_HEADER, options.hostId],
  ];
  let status = options.successStatus?.[operation] ?? op.http?.responseCode ?? 200;
  let body: RestBody = { kind: 'empty' };
  if (shape !== undefined) {
    for (const [name, ref] of presentOutsideBody(shape, record)) {
      const value = record[name];
      if (value === undefined || value === null) continue;
      if (ref.location === 'statusCode' && typeof value === 'number') status = value;
      else if (ref.location === 'header') headers.push([ref.locationName ?? name, headerValue(ctx, ref, value)]);
      else if (ref.location === 'headers') headers.push(...prefixHeaders(ctx, ref, ref.locationName ?? name, value));
    }
    if (options.method?.toUpperCase() !== 'HEAD') {
      const root = options.rootElements?.[operation] ?? { name: op.output ?? operation };
      body = writeBody(ctx, shape, record, root, op.output);
    }
  }
  if (body.kind === 'xml') headers.push([CONTENT_TYPE_HEADER, XML_CONTENT_TYPE]);
  return { status, headers, body };
}

/** S3: the generic serialiser with S3's root element names, success statuses and member order. */
export function serializeS3Response(model: RestXmlServiceModel, operation: string, output: unknown, options: RestSerializeOptions): RestResponse {
  return serializeRestXmlResponse(model, operation, output, {
    rootElements: S3_ROOT_ELEMENTS,
    successStatus: S3_SUCCESS_STATUS,
    memberOrder: S3_MEMBER_ORDER,
    ...options,
  });
}

type OutsideMember = readonly [string, MemberRef];

/** A shape's members that live outside the body, and each one's place in the model's order. */
interface OutsideBody {
  readonly members: readonly OutsideMember[];
  readonly position: ReadonlyMap<string, number>;
}

const OUTSIDE_BODY = new WeakMap<StructureShape, OutsideBody>();

/**
 * The members an answer carries outside its body (status code, headers), worked out once per shape (GetObject's
 * output has some sixty members, a handful of them headers).
 */
function outsideBody(shape: StructureShape): OutsideBody {
  let outside = OUTSIDE_BODY.get(shape);
  if (outside === undefined) {
    const members = Object.entries(shape.members).filter(
      ([, ref]) => ref.location === 'statusCode' || ref.location === 'header' || ref.location === 'headers',
    );
    outside = { members, position: new Map(members.map(([name], at) => [name, at])) };
    OUTSIDE_BODY.set(shape, outside);
  }
  return outside;
}

/**
 * The outside-the-body members `output` has, in the model's order. Found from the output's own keys: looking
 * each of the model's forty-odd header members up on an object built by spreads, most of them absent, cost a
 * presigned GetObject ~8% of its gateway time (an absent key on a dictionary-mode object misses V8's caches).
 */
function presentOutsideBody(shape: StructureShape, output: Record<string, unknown>): OutsideMember[] {
  const { members, position } = outsideBody(shape);
  const present: number[] = [];
  for (const name of Object.keys(output)) {
    const at = position.get(name);
    if (at !== undefined) present.push(at);
  }
  present.sort((a, b) => a - b);
  return present.map((at) => members[at] as OutsideMember);
}

function outputShape(model: RestXmlServiceModel, name: string | undefined): StructureShape | undefined {
  if (name === undefined) return undefined;
  const shape = model.shapes[name];
  if (shape?.type !== 'structure') throw new InternalError(`output ${name} is not a structure`);
  return shape;
}

function serviceNamespace(ctx: Writer): XmlNamespace | undefined {
  const uri = ctx.model.metadata.xmlNamespace;
  return uri === '' ? undefined : { uri };
}

function writeBody(ctx: Writer, shape: StructureShape, output: Record<string, unknown>, root: RootElement, shapeName: string | undefined): RestBody {
  if (shape.payload !== undefined) return writePayload(ctx, shape, output);
  if (!Object.values(shape.members).some((ref) => ref.location === undefined)) return { kind: 'empty' };
  const namespace = shape.xmlNamespace ?? serviceNamespace(ctx);
  const name = root.text === undefined ? (shape.locationName ?? root.name) : root.name;
  const textRef = root.text === undefined ? undefined : shape.members[root.text];
  const xml =
    textRef !== undefined && root.text !== undefined
      ? writeTextElement(ctx, name, textRef, output[root.text], namespace)
      : writeStructureElement(ctx, name, shape, output, namespace, shapeName);
  return { kind: 'xml', text: S3_XML_PROLOG + xml };
}

function writePayload(ctx: Writer, shape: StructureShape, output: Record<string, unknown>): RestBody {
  const name = shape.payload as string;
  const ref = shape.members[name];
  const target = ref === undefined ? undefined : ctx.model.shapes[ref.shape];
  const value = output[name];
  if (ref === undefined || target === undefined || value === undefined || value === null) return { kind: 'empty' };
  switch (target.type) {
    case 'structure': {
      const namespace = ref.xmlNamespace ?? target.xmlNamespace ?? serviceNamespace(ctx);
      const xml = writeStructureElement(ctx, ref.locationName ?? target.locationName ?? name, target, value, namespace, ref.shape);
      return { kind: 'xml', text: S3_XML_PROLOG + xml };
    }
    case 'blob':
      if (ref.streaming === true || target.streaming === true) return { kind: 'stream', body: value as StreamingBody };
      if (typeof value === 'string') return { kind: 'bytes', bytes: new Uint8Array(Buffer.from(value, 'utf8')) };
      if (!(value instanceof Uint8Array)) throw new InternalError(`payload ${name} is not bytes`);
      return { kind: 'bytes', bytes: value };
    case 'string':
      if (typeof value !== 'string') throw new InternalError(`payload ${name} is not a string`);
      return { kind: 'text', text: value };
    default:
      throw new InternalError(`payload ${name} of type ${target.type} is not supported`);
  }
}

function headerValue(ctx: Writer, ref: MemberRef, value: unknown): string {
  const shape = ctx.model.shapes[ref.shape];
  if (shape === undefined) throw new InternalError(`shape ${ref.shape} is not in the model`);
  if (shape.type === 'list') {
    if (!Array.isArray(value)) throw new InternalError(`header list ${ref.shape} is not an array`);
    const item = ctx.model.shapes[shape.member.shape];
    if (item === undefined) throw new InternalError(`shape ${shape.member.shape} is not in the model`);
    const dates = item.type === 'timestamp' && (shape.member.timestampFormat ?? item.timestampFormat ?? 'rfc822') === 'rfc822';
    return joinHeaderList(
      value.map((v) => formatRestScalar(shape.member, item, v, 'header', ctx.toWireTime)),
      dates,
    );
  }
  const text = formatRestScalar(ref, shape, value, 'header', ctx.toWireTime);
  return ref.shape === 'ETag' ? quoteEtag(text) : text;
}

function prefixHeaders(ctx: Writer, ref: MemberRef, prefix: string, value: unknown): [string, string][] {
  const shape = ctx.model.shapes[ref.shape];
  if (shape?.type !== 'map' || typeof value !== 'object' || value === null) {
    throw new InternalError(`prefix headers ${ref.shape} is not a map`);
  }
  const valueShape = ctx.model.shapes[shape.value.shape];
  if (valueShape === undefined) throw new InternalError(`shape ${shape.value.shape} is not in the model`);
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => [`${prefix}${k}`, formatRestScalar(shape.value, valueShape, v, 'header', ctx.toWireTime)]);
}
