/**
 * botocore JSON model → our compact `ServiceModel`. Used by `scripts/generate-models.ts` for the committed
 * models and by the protocol tests for each botocore test case's inline shapes, so both run the same code.
 * Pure: the caller reads the files.
 */
import type {
  AnyProtocolName,
  MemberLocation,
  MemberRef,
  OperationModel,
  JsonServiceModel,
  ProtocolName,
  RestXmlServiceModel,
  ServiceModel,
  ShapeModel,
  TimestampFormat,
  XmlNamespace,
} from '../src/protocol/model.js';

/** botocore writes `xmlNamespace` either as a bare URI or as `{ uri, prefix }`. */
export type BotocoreXmlNamespace = string | { readonly uri?: string; readonly prefix?: string };

/** The parts of botocore's JSON we read (everything else, documentation included, is dropped). */
export interface BotocoreMemberRef {
  readonly shape: string;
  readonly locationName?: string;
  readonly queryName?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: string;
  readonly location?: string;
  readonly xmlAttribute?: boolean;
  readonly xmlNamespace?: BotocoreXmlNamespace;
  readonly streaming?: boolean;
}

export interface BotocoreShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, BotocoreMemberRef>>;
  readonly member?: BotocoreMemberRef;
  readonly key?: BotocoreMemberRef;
  readonly value?: BotocoreMemberRef;
  readonly required?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
  readonly flattened?: boolean;
  readonly locationName?: string;
  readonly timestampFormat?: string;
  readonly exception?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly payload?: string;
  readonly xmlNamespace?: BotocoreXmlNamespace;
  readonly streaming?: boolean;
}

export interface BotocoreOperation {
  readonly name: string;
  readonly input?: { readonly shape: string };
  readonly output?: { readonly shape: string; readonly resultWrapper?: string };
  readonly errors?: readonly { readonly shape: string }[];
  readonly http?: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
}

export interface BotocoreModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly protocol: string;
    readonly xmlNamespace?: string | { readonly uri?: string };
    readonly signingName?: string;
    readonly endpointPrefix?: string;
    readonly serviceId?: string;
    readonly targetPrefix?: string;
    readonly jsonVersion?: string;
  };
  readonly operations: Readonly<Record<string, BotocoreOperation>>;
  readonly shapes: Readonly<Record<string, BotocoreShape>>;
}

interface BuildOptions {
  /** Keep only these operations and the shapes they reach (EC2); all operations when absent. */
  readonly operations?: readonly string[];
}

interface RestBuildOptions extends BuildOptions {
  /** S3's model declares no namespace although every S3 response carries one (aws-behaviour.md §0.1). */
  readonly xmlNamespace?: string;
}

/**
 * Whether REST traits (http bindings, member locations, payloads, XML namespaces, streaming) are kept.
 * They are dropped for query/ec2 so those generated models stay exactly as they were.
 */
interface Flavour {
  readonly rest: boolean;
}

export function buildServiceModel(source: BotocoreModel, options: BuildOptions = {}): ServiceModel {
  return buildModel(source, queryProtocolName(source.metadata.protocol), { rest: false }, options, undefined);
}

/** A `rest-xml` model (S3, and the botocore rest-xml test cases). */
export function buildRestXmlServiceModel(source: BotocoreModel, options: RestBuildOptions = {}): RestXmlServiceModel {
  if (source.metadata.protocol !== 'rest-xml') throw new Error(`expected a rest-xml model, got ${source.metadata.protocol}`);
  return buildModel(source, 'rest-xml', { rest: true }, options, options.xmlNamespace);
}

/** A `json` model (CloudTrail): an RPC protocol, so no REST traits; its target prefix and JSON version kept. */
export function buildJsonServiceModel(source: BotocoreModel, options: BuildOptions = {}): JsonServiceModel {
  if (source.metadata.protocol !== 'json') throw new Error(`expected a json model, got ${source.metadata.protocol}`);
  const model = buildModel(source, 'json', { rest: false }, options, undefined);
  const { targetPrefix, jsonVersion } = source.metadata;
  if (targetPrefix === undefined || jsonVersion === undefined) throw new Error('a json model needs targetPrefix and jsonVersion');
  return { ...model, metadata: { ...model.metadata, targetPrefix, jsonVersion } };
}

function buildModel<P extends AnyProtocolName>(
  source: BotocoreModel,
  protocol: P,
  flavour: Flavour,
  options: BuildOptions,
  namespaceOverride: string | undefined,
): ServiceModel<P> {
  const operationNames = options.operations ?? Object.keys(source.operations);
  const operations: Record<string, OperationModel> = {};
  for (const name of operationNames) {
    const op = source.operations[name];
    if (op === undefined) throw new Error(`operation ${name} is not in the model`);
    operations[name] = buildOperation(op, flavour);
  }
  const reachable = reachableShapes(source, Object.values(operations));
  const shapes: Record<string, ShapeModel> = {};
  // Model order, filtered: deterministic output that diffs well against the botocore file.
  for (const [name, shape] of Object.entries(source.shapes)) {
    if (reachable.has(name)) shapes[name] = buildShape(name, shape, flavour);
  }
  return { metadata: buildMetadata(source.metadata, protocol, namespaceOverride), operations, shapes };
}

function buildMetadata<P extends AnyProtocolName>(
  metadata: BotocoreModel['metadata'],
  protocol: P,
  namespaceOverride: string | undefined,
): ServiceModel<P>['metadata'] {
  const namespace = typeof metadata.xmlNamespace === 'string' ? metadata.xmlNamespace : (metadata.xmlNamespace?.uri ?? '');
  return {
    apiVersion: metadata.apiVersion,
    protocol,
    xmlNamespace: namespaceOverride ?? namespace,
    signingName: metadata.signingName ?? metadata.endpointPrefix ?? '',
    serviceId: metadata.serviceId ?? '',
  };
}

function queryProtocolName(protocol: string): ProtocolName {
  if (protocol === 'query' || protocol === 'ec2') return protocol;
  throw new Error(`unsupported protocol ${protocol}`);
}

function buildOperation(op: BotocoreOperation, flavour: Flavour): OperationModel {
  const errors = (op.errors ?? []).map((e) => e.shape);
  const http = flavour.rest ? op.http : undefined;
  return {
    ...(op.input !== undefined && { input: op.input.shape }),
    ...(op.output !== undefined && { output: op.output.shape }),
    ...(op.output?.resultWrapper !== undefined && { resultWrapper: op.output.resultWrapper }),
    ...(errors.length > 0 && { errors }),
    ...(http !== undefined && {
      http: {
        method: http.method,
        requestUri: http.requestUri,
        ...(http.responseCode !== undefined && { responseCode: http.responseCode }),
      },
    }),
  };
}

function reachableShapes(source: BotocoreModel, operations: readonly OperationModel[]): Set<string> {
  const seen = new Set<string>();
  const pending: string[] = [];
  for (const op of operations) {
    if (op.input !== undefined) pending.push(op.input);
    if (op.output !== undefined) pending.push(op.output);
    pending.push(...(op.errors ?? []));
  }
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    const shape = source.shapes[name];
    if (shape === undefined) throw new Error(`shape ${name} is referenced but not defined`);
    seen.add(name);
    for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) {
      if (ref !== undefined) pending.push(ref.shape);
    }
  }
  return seen;
}

function buildRef(ref: BotocoreMemberRef, flavour: Flavour): MemberRef {
  const base: MemberRef = {
    shape: ref.shape,
    ...(ref.locationName !== undefined && { locationName: ref.locationName }),
    ...(ref.queryName !== undefined && { queryName: ref.queryName }),
    ...(ref.flattened === true && { flattened: true }),
    ...(ref.timestampFormat !== undefined && { timestampFormat: timestampFormat(ref.timestampFormat) }),
  };
  if (!flavour.rest) return base;
  const namespace = xmlNamespace(ref.xmlNamespace);
  return {
    ...base,
    ...(ref.location !== undefined && { location: memberLocation(ref.location) }),
    ...(ref.xmlAttribute === true && { xmlAttribute: true }),
    ...(namespace !== undefined && { xmlNamespace: namespace }),
    ...(ref.streaming === true && { streaming: true }),
  };
}

function memberLocation(location: string): MemberLocation {
  switch (location) {
    case 'header':
    case 'headers':
    case 'querystring':
    case 'uri':
    case 'statusCode':
      return location;
    default:
      throw new Error(`unsupported member location ${location}`);
  }
}

function xmlNamespace(ns: BotocoreXmlNamespace | undefined): XmlNamespace | undefined {
  if (ns === undefined) return undefined;
  if (typeof ns === 'string') return { uri: ns };
  return { uri: ns.uri ?? '', ...(ns.prefix !== undefined && { prefix: ns.prefix }) };
}

function timestampFormat(format: string): TimestampFormat {
  if (format === 'iso8601' || format === 'rfc822' || format === 'unixTimestamp') return format;
  throw new Error(`unsupported timestampFormat ${format}`);
}

function bounds(shape: BotocoreShape): { min?: number; max?: number } {
  return {
    ...(shape.min !== undefined && { min: shape.min }),
    ...(shape.max !== undefined && { max: shape.max }),
  };
}

function buildShape(name: string, shape: BotocoreShape, flavour: Flavour): ShapeModel {
  switch (shape.type) {
    case 'structure':
      return buildStructure(name, shape, flavour);
    case 'list':
      if (shape.member === undefined) throw new Error(`list ${name} has no member`);
      return {
        type: 'list',
        member: buildRef(shape.member, flavour),
        ...bounds(shape),
        ...(shape.flattened === true && { flattened: true }),
        ...(shape.locationName !== undefined && { locationName: shape.locationName }),
      };
    case 'map':
      if (shape.key === undefined || shape.value === undefined) throw new Error(`map ${name} lacks key or value`);
      return {
        type: 'map',
        key: buildRef(shape.key, flavour),
        value: buildRef(shape.value, flavour),
        ...bounds(shape),
        ...(shape.flattened === true && { flattened: true }),
        ...(shape.locationName !== undefined && { locationName: shape.locationName }),
      };
    case 'string':
      return {
        type: 'string',
        ...bounds(shape),
        ...(shape.pattern !== undefined && { pattern: shape.pattern }),
        ...(shape.enum !== undefined && { enum: [...shape.enum] }),
        ...(shape.sensitive === true && { sensitive: true }),
      };
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return { type: shape.type, ...bounds(shape) };
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      return {
        type: 'timestamp',
        ...(shape.timestampFormat !== undefined && { timestampFormat: timestampFormat(shape.timestampFormat) }),
      };
    case 'blob':
      return {
        type: 'blob',
        ...bounds(shape),
        ...(shape.sensitive === true && { sensitive: true }),
        ...(flavour.rest && shape.streaming === true && { streaming: true }),
      };
    default:
      throw new Error(`shape ${name} has unsupported type ${shape.type}`);
  }
}

function buildStructure(name: string, shape: BotocoreShape, flavour: Flavour): ShapeModel {
  const members: Record<string, MemberRef> = {};
  for (const [memberName, ref] of Object.entries(shape.members ?? {})) members[memberName] = buildRef(ref, flavour);
  const required = (shape.required ?? []).filter((r) => r in members);
  const error = shape.error;
  // S3's error shapes carry only a status: their wire code is the shape name (`NoSuchKey`).
  const code = error?.code ?? (flavour.rest && error !== undefined ? name : undefined);
  const namespace = flavour.rest ? xmlNamespace(shape.xmlNamespace) : undefined;
  return {
    type: 'structure',
    members,
    ...(required.length > 0 && { required }),
    ...(error !== undefined &&
      code !== undefined && {
        error: {
          code,
          httpStatusCode: error.httpStatusCode ?? 400,
          ...(error.senderFault !== undefined && { senderFault: error.senderFault }),
        },
      }),
    ...(shape.exception === true && { exception: true }),
    ...(flavour.rest && shape.payload !== undefined && { payload: shape.payload }),
    ...(flavour.rest && shape.locationName !== undefined && { locationName: shape.locationName }),
    ...(namespace !== undefined && { xmlNamespace: namespace }),
  };
}
