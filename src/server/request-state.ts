/**
 * What the pipeline's stages work on (conventions.md: LocalStack's handler chain over one request context),
 * and the protocol strategy each service binding carries.
 *
 * One mutable `RequestState` travels through the stages; each stage records what it learned, and the first
 * to set `error` ends the chain. What a stage may rely on is its state's type: `RoutedState` after route,
 * `ParsedState` after parse, `AuthenticatedState` after authenticate. The gateway checks the narrowing once,
 * before it calls a stage (gateway.ts), so stages read their inputs without `undefined` guards.
 *
 * Protocols differ in how a request is routed to an operation, how its input is read, how it is
 * authenticated and how the answer is written; a `ProtocolStrategy` holds those four, and the stages call the
 * strategy of the request's service, the same way for every protocol.
 */
import type { Credential, CredentialLookup } from '../auth/credentials.js';
import type { Principal } from '../auth/principal.js';
import type { SignatureParse, SigningKeyCache } from '../auth/sigv4/index.js';
import type { Clock } from '../clock/clock.js';
import type { ServiceName } from '../errors/auth-errors.js';
import type { AwsError } from '../errors/aws-error.js';
import type { FormPairs, ParseResult, S3Route } from '../protocol/index.js';
import type { AnyProtocolName, ServiceModel } from '../protocol/model.js';
import type { AuthorizationRecord } from '../services/authorizer/authorizer.js';
import type { Operation, OperationTable } from '../services/operation.js';
import type { PresignedWindows } from './presigned-windows.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import type { S3SigningFacts } from './s3/index.js';

/** What the stages learn about an S3 request besides the common fields. */
export interface S3RequestFacts {
  /** The operation, the bucket and key as addressed, and what the body is. */
  readonly route: S3Route;
  /** The decoded query parameters. */
  readonly query: FormPairs;
  /** The body as read, for operations whose input is the body (XML, a policy); streamed bodies are not. */
  body?: Buffer;
  /** How the request was signed, for the `s3:` condition keys; absent for anonymous requests. */
  signing?: S3SigningFacts;
}

/** What authorization decided, for the audit trail (defined with the authorizer that produces it). */
export type { AuthorizationRecord } from '../services/authorizer/authorizer.js';

export interface RequestState {
  readonly raw: RawRequest;
  readonly requestId: string;
  /** Wall and virtual time at receipt, epoch ms (virtual read again once a node has caught up: stages/catch-up.ts). */
  readonly wallMs: number;
  virtualMs: number;
  signature?: SignatureParse;
  /** The service whose envelope answers, set by route (also when routing fails, for the error's envelope). */
  service?: ServiceBinding;
  region?: string;
  /** The request's parameters (form body and query string, decoded), for query and ec2 protocols. */
  params?: readonly (readonly [string, string])[];
  s3?: S3RequestFacts;
  operationName?: string;
  operation?: Operation;
  input?: Record<string, unknown>;
  principal?: Principal;
  credential?: Credential;
  authorization?: AuthorizationRecord;
  output?: Record<string, unknown>;
  error?: AwsError;
  response?: RawResponse;
}

/** After route: the service, its region and how the request was signed. */
export type RoutedState = RequestState & {
  readonly signature: SignatureParse;
  readonly service: ServiceBinding;
  readonly region: string;
};

/** After parse: the operation and its input (authenticate and authorize may still replace the input). */
export type ParsedState = RoutedState & {
  readonly operationName: string;
  readonly operation: Operation;
  input: Record<string, unknown>;
};

/** After authenticate: who is asking (anonymous only where S3 lets a bucket policy decide). */
export type AuthenticatedState = ParsedState & { readonly principal: Principal };

export const isRouted = (state: RequestState): state is RoutedState =>
  state.signature !== undefined && state.service !== undefined && state.region !== undefined;

export const isParsed = (state: RequestState): state is ParsedState =>
  isRouted(state) && state.operationName !== undefined && state.operation !== undefined && state.input !== undefined;

export const isAuthenticated = (state: RequestState): state is AuthenticatedState => isParsed(state) && state.principal !== undefined;

/** What a protocol strategy needs of the gateway's dependencies. */
export interface ProtocolDeps {
  readonly clock: Clock;
  /** What authentication looks keys up in: long-term keys and sealed session tokens. */
  readonly lookup: CredentialLookup;
  /** The largest body read whole (form bodies, S3 XML and policy documents); object bodies stream. */
  readonly maxBodyBytes: number;
  /** Where presigned URLs' windows lie on the virtual clock when their signing time cannot say. */
  readonly presignedWindows: PresignedWindows;
  /** SigV4 signing keys derived for this lab's credentials, kept for their day. */
  readonly signingKeys: SigningKeyCache;
}

/** How one wire protocol routes, reads, authenticates and answers (protocols/query.ts, protocols/rest-xml.ts). */
export interface ProtocolStrategy {
  /**
   * Whether this protocol takes the request whatever a signing scope says: S3 takes requests that address a
   * bucket, SigV2 and anonymous ones (aws-behaviour.md §5.1). The others are routed by their scope or `Version`.
   */
  claims(raw: RawRequest, signature: SignatureParse): boolean;
  /** Whether a request with this method leaves its body on the socket for the handler to stream (S3 PUTs). */
  streamsBody(method: string): boolean;
  /** The rest of step 2 once the service is known: the parameters (query) or the operation and body kind (S3). */
  route(state: RoutedState): void;
  /** Step 3: the operation and its input, or the service's error. */
  readInput(state: RoutedState, deps: ProtocolDeps): ParseResult | Promise<ParseResult>;
  /** Step 4: the principal, or the service's error. */
  authenticate(state: ParsedState, deps: ProtocolDeps): void;
  /** Step 7: the output, or `error`, in the service's envelope. `service` is the request's. */
  respond(state: RequestState, error: AwsError | undefined, deps: ProtocolDeps): RawResponse;
}

/** A service as the gateway sees it: its operation table joined to its protocol. Services never import a codec. */
export interface ServiceBinding {
  readonly name: ServiceName;
  /** The API version query requests name in their `Version` parameter (absent for REST protocols). */
  readonly apiVersion?: string;
  readonly operations: OperationTable;
  readonly protocol: ProtocolStrategy;
  /** The service's model, for what the audit trail keeps of a request's parameters (aws-behaviour.md §13.6). */
  readonly model?: ServiceModel<AnyProtocolName>;
}
