/**
 * The compact service model the protocol codecs run on. It is a faithful subset of a botocore model
 * (documentation and client-only traits dropped); `scripts/generate-models.ts` writes one per service into
 * `models/`, and the protocol tests build the same structure from each botocore test case's inline shapes.
 */
export type ProtocolName = 'query' | 'ec2';

export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly protocol: ProtocolName;
  /** As written in the model; EC2's lacks the trailing slash its responses carry (aws-behaviour.md §0.1). */
  readonly xmlNamespace: string;
  readonly signingName: string;
  readonly serviceId: string;
}

export interface OperationModel {
  readonly input?: string;
  readonly output?: string;
  /** The `<OpResult>` element of query responses (aws-behaviour.md §0.3). */
  readonly resultWrapper?: string;
  readonly errors?: readonly string[];
}

/** A reference from a structure member, list member or map key/value to a shape, with per-use traits. */
export interface MemberRef {
  readonly shape: string;
  readonly locationName?: string;
  /** EC2 only: the exact request key, taking precedence over the capitalised locationName. */
  readonly queryName?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: TimestampFormat;
}

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  /** Present on exception shapes: the wire code and HTTP status. */
  readonly error?: { readonly code: string; readonly httpStatusCode: number; readonly senderFault?: boolean };
  readonly exception?: boolean;
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
}

export type ShapeModel =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape;

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}

/** Input or output of an operation that has no shape on that side. */
export type NoMembers = Record<string, never>;
