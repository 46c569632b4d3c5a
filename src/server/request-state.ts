/**
 * The one object every pipeline stage reads and extends (conventions.md: LocalStack's handler chain over
 * one request context). Stages record what they learned; the first stage to set `error` ends the chain
 * and the error is serialised in the service's envelope.
 */
import type { Credential } from '../auth/credentials.js';
import type { Principal } from '../auth/principal.js';
import type { SignatureParse } from '../auth/sigv4/index.js';
import type { AwsError } from '../errors/aws-error.js';
import type { AuthorisationRecord } from '../services/authoriser/authoriser.js';
import type { Operation } from '../services/operation.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import type { FormPairs, S3Route } from '../protocol/index.js';
import type { S3SigningFacts } from './s3/index.js';
import type { ServiceBinding } from './service-binding.js';

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

/** What authorisation decided, for the audit trail (defined with the authoriser that produces it). */
export type { AuthorisationRecord } from '../services/authoriser/authoriser.js';

export interface RequestState {
  readonly raw: RawRequest;
  readonly requestId: string;
  /** Wall and virtual time at receipt, epoch ms. */
  readonly wallMs: number;
  readonly virtualMs: number;
  /** The request's parameters (form body and query string, decoded), for query and ec2 protocols. */
  params?: readonly (readonly [string, string])[];
  signature?: SignatureParse;
  service?: ServiceBinding;
  region?: string;
  operationName?: string;
  operation?: Operation;
  input?: Record<string, unknown>;
  s3?: S3RequestFacts;
  principal?: Principal;
  credential?: Credential;
  authorisation?: AuthorisationRecord;
  output?: Record<string, unknown>;
  error?: AwsError;
  response?: RawResponse;
}
