/**
 * The compact service model the protocol codecs run on. It is a faithful subset of a botocore model
 * (documentation and client-only traits dropped); `scripts/generate-models.ts` writes one per service into
 * `models/`, and the protocol tests build the same structure from each botocore test case's inline shapes.
 */
export type ProtocolName = 'query' | 'ec2';

/**
 * Every protocol a generated model may declare; REST protocols have their own codec (`rest-xml/`), and so has
 * AWS's JSON 1.1 RPC protocol (`json/`, CloudTrail).
 */
export type AnyProtocolName = ProtocolName | 'rest-xml' | 'json';

export interface ServiceMetadata<P extends AnyProtocolName = ProtocolName> {
  readonly apiVersion: string;
  readonly protocol: P;
  /** As written in the model; EC2's lacks the trailing slash its responses carry (aws-behaviour.md §0.1). */
  readonly xmlNamespace: string;
  readonly signingName: string;
  readonly serviceId: string;
  /** JSON protocol only: what `X-Amz-Target` names before `.<Operation>`, and the `application/x-amz-json-<v>` version. */
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
}

export interface OperationModel {
  readonly input?: string;
  readonly output?: string;
  /** The `<OpResult>` element of query responses (aws-behaviour.md §0.3). */
  readonly resultWrapper?: string;
  readonly errors?: readonly string[];
  /** REST protocols only: how the operation is bound to HTTP. */
  readonly http?: HttpBinding;
}

/**
 * REST binding of an operation: `requestUri` is a path template (`/{Bucket}/{Key+}`) optionally followed
 * by literal query conditions (`?uploads`, `?list-type=2`) that the request must carry.
 */
export interface HttpBinding {
  readonly method: string;
  readonly requestUri: string;
  /** Success status; 200 when absent. */
  readonly responseCode?: number;
}

/** Where a REST member travels; absent means the XML body (or, for the `payload` member, the whole body). */
export type MemberLocation = 'header' | 'headers' | 'querystring' | 'uri' | 'statusCode';

/** `xmlns` (or `xmlns:prefix`) written on an element. */
export interface XmlNamespace {
  readonly uri: string;
  readonly prefix?: string;
}

/** Stand-in for a streaming payload in a parsed input: the codec never reads the body, the gateway does. */
export interface StreamingBodyMarker {
  readonly kind: 'streaming-body';
}

/** A streaming blob member: the marker on the way in; on the way out whatever the gateway streams. */
export type StreamingBody = StreamingBodyMarker | Uint8Array | AsyncIterable<Uint8Array>;

/** A reference from a structure member, list member or map key/value to a shape, with per-use traits. */
export interface MemberRef {
  readonly shape: string;
  readonly locationName?: string;
  /** EC2 only: the exact request key, taking precedence over the capitalised locationName. */
  readonly queryName?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: TimestampFormat;
  /** REST protocols only (the traits below). */
  readonly location?: MemberLocation;
  readonly xmlAttribute?: boolean;
  readonly xmlNamespace?: XmlNamespace;
  readonly streaming?: boolean;
}

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  /** Present on exception shapes: the wire code and HTTP status. */
  readonly error?: { readonly code: string; readonly httpStatusCode: number; readonly senderFault?: boolean };
  readonly exception?: boolean;
  /** REST protocols only: the member that is the whole HTTP body. */
  readonly payload?: string;
  readonly locationName?: string;
  readonly xmlNamespace?: XmlNamespace;
}

export interface ListShape {
  readonly type: 'list';
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: boolean;
  readonly locationName?: string;
}

export interface MapShape {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: boolean;
  readonly locationName?: string;
}

export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** A Java regular expression, matched against the whole value (Coral semantics). */
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
}

export interface NumberShape {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly type: 'boolean';
}

export interface TimestampShape {
  readonly type: 'timestamp';
  readonly timestampFormat?: TimestampFormat;
}

export interface BlobShape {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: boolean;
  readonly streaming?: boolean;
}

export type ShapeModel = StructureShape | ListShape | MapShape | StringShape | NumberShape | BooleanShape | TimestampShape | BlobShape;

export interface ServiceModel<P extends AnyProtocolName = ProtocolName> {
  readonly metadata: ServiceMetadata<P>;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}

/** S3's model (`models/s3.ts`) and the models the rest-xml tests build from botocore's cases. */
export type RestXmlServiceModel = ServiceModel<'rest-xml'>;

/** CloudTrail's model (`models/cloudtrail.ts`): AWS JSON 1.1. */
export type JsonServiceModel = ServiceModel<'json'>;

/** Input or output of an operation that has no shape on that side. */
export type NoMembers = Record<string, never>;
