/**
 * A service as the gateway sees it: its operation table joined to its protocol codec. This is where wire
 * formats meet operations, so that services themselves never import a codec. Two families: the form-encoded
 * `query`/`ec2` protocols (STS, IAM, EC2) and S3's `rest-xml`, whose routing needs the method, path and
 * headers and whose bodies may stream.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import type { AwsError } from '../errors/aws-error.js';
import type { RestResponse, S3AddressingOptions, S3Request, S3RequestHead, S3Route, S3RouteResult } from '../protocol/index.js';
import type { OperationTable } from '../services/operation.js';

export type ParseOutcome =
  | { readonly kind: 'ok'; readonly operation: string; readonly input: Record<string, unknown> }
  | { readonly kind: 'error'; readonly error: AwsError };

export interface SerialiseOptions {
  readonly requestId: string;
  /** Maps a virtual instant to the client's (wall) frame (design.md "Time"). */
  readonly toWireTime: (virtualMs: number) => number;
}

export interface Serialised {
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
}

export interface QueryServiceBinding {
  readonly protocol: 'query' | 'ec2';
  readonly name: ServiceName;
  readonly apiVersion: string;
  readonly operations: OperationTable;
  parse(params: readonly (readonly [string, string])[]): ParseOutcome;
  serialise(operation: string, output: Record<string, unknown>, options: SerialiseOptions): Serialised;
  serialiseError(error: AwsError, requestId: string): Serialised;
}

export interface RestSerialiseOptions extends SerialiseOptions {
  readonly method: string;
}

export interface RestXmlServiceBinding {
  readonly protocol: 'rest-xml';
  readonly name: ServiceName;
  readonly operations: OperationTable;
  readonly addressing: S3AddressingOptions;
  /** The operation and what its body is, from the request line and headers alone. */
  route(head: S3RequestHead): S3RouteResult;
  /** The input of a request `route` routed, from its labels, query, headers and body. */
  parse(route: S3Route, request: S3Request): ParseOutcome;
  serialise(operation: string, output: Record<string, unknown>, options: RestSerialiseOptions): RestResponse;
  serialiseError(error: AwsError, options: { readonly requestId: string; readonly method: string }): RestResponse;
}

export type ServiceBinding = QueryServiceBinding | RestXmlServiceBinding;
