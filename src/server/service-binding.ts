/**
 * A service as the gateway sees it: its operation table joined to its protocol codec. This is where wire
 * formats meet operations, so that services themselves never import a codec.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import type { AwsError } from '../errors/aws-error.js';
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

export interface ServiceBinding {
  readonly name: ServiceName;
  readonly apiVersion: string;
  readonly operations: OperationTable;
  parse(params: readonly (readonly [string, string])[]): ParseOutcome;
  serialise(operation: string, output: Record<string, unknown>, options: SerialiseOptions): Serialised;
  serialiseError(error: AwsError, requestId: string): Serialised;
}
