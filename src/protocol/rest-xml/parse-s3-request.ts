/**
 * S3 requests → operation and typed input, in two pure steps so the gateway can decide whether to read
 * the body before parsing it:
 *   1. `routeS3Request` (no body): addressing (§5.1), then dispatch by method, bucket/key presence,
 *      sub-resources (`?policy`, `?uploads`, `?uploadId=…`, `?list-type=2`, `?location`, `?delete`) and
 *      headers (`x-amz-copy-source`). Says what the body is: `none`, `xml`, `text` or `stream`.
 *   2. `parseS3Request`: the same, plus the input built from labels, query, headers and the body text.
 * Streaming bodies (PutObject, UploadPart) are never read here; the input carries a marker instead.
 */
import { headerValue } from '../../lib/headers.js';
import type { AwsError } from '../../errors/aws-error.js';
import type { FormPairs } from '../decode-form.js';
import type { RestXmlServiceModel } from '../model.js';
import type { ParseResult } from '../parse-request.js';
import { decodeRestInput, payloadKind } from './decode-rest-input.js';
import type { PayloadKind } from './decode-rest-input.js';
import type { HeaderPairs } from './match-route.js';
import { matchRoute } from './match-route.js';
import { resolveS3Address } from './s3-address.js';
import type { S3Address, S3AddressingOptions } from './s3-address.js';
import { s3ProtocolErrors } from './s3-protocol-errors.js';
import { S3_SUBRESOURCES } from './s3-subresources.js';
import type { XmlLimits } from './xml-reader.js';

interface S3RequestHead {
  readonly method: string;
  /** The path as received: percent-encoded, without the query string. */
  readonly path: string;
  /** Decoded query parameters in order; a bare `?uploads` is `['uploads', '']`. */
  readonly query: FormPairs;
  /** Header pairs, any case; `Host` decides virtual-hosted addressing. */
  readonly headers: HeaderPairs;
}

export interface S3Route {
  readonly operation: string;
  readonly address: S3Address;
  readonly payload: PayloadKind;
  readonly labels: ReadonlyMap<string, string>;
}

type S3RouteResult = { readonly kind: 'ok'; readonly route: S3Route } | { readonly kind: 'error'; readonly error: AwsError };

export function routeS3Request(model: RestXmlServiceModel, head: S3RequestHead, options: S3AddressingOptions): S3RouteResult {
  const host = headerValue(head.headers, 'host');
  const address = resolveS3Address(host, head.path, options);
  const match = matchRoute(model, head.method, address.path, head.query, head.headers);
  if (match.kind === 'error') return match;
  if (match.kind === 'none') return { kind: 'error', error: noRouteError(head.method, address, match.methodMatched) };
  // A sub-resource the matched operation does not declare belongs to an operation iamlab lacks (`?acl`).
  if (head.query.some(([name]) => S3_SUBRESOURCES.has(name) && !match.route.knownQuery.has(name))) {
    return { kind: 'error', error: s3ProtocolErrors.notImplemented() };
  }
  const operation = match.route.operation;
  return { kind: 'ok', route: { operation, address, payload: payloadKind(model, operation), labels: match.labels } };
}

/**
 * A supported method whose query selects no modelled operation (`POST /bucket/key` without `?uploads` or
 * `?uploadId`) is an operation iamlab does not emulate [U: S3's own answer varies by case]; a method the
 * resource never supports (`PATCH`) is S3's `MethodNotAllowed`.
 */
function noRouteError(method: string, address: S3Address, methodMatched: boolean): AwsError {
  if (methodMatched) return s3ProtocolErrors.notImplemented();
  const resource = address.bucket === undefined ? 'SERVICE' : address.path.indexOf('/', 1) === -1 ? 'BUCKET' : 'OBJECT';
  return s3ProtocolErrors.methodNotAllowed(method.toUpperCase(), resource);
}

export interface S3Request extends S3RequestHead {
  /** The body as text when the route's payload is `xml` or `text`; ignored otherwise. */
  readonly body?: string;
  readonly xmlLimits?: XmlLimits;
}

export function parseS3Request(model: RestXmlServiceModel, request: S3Request, options: S3AddressingOptions): ParseResult {
  const routed = routeS3Request(model, request, options);
  if (routed.kind === 'error') return routed;
  return decodeS3Request(model, routed.route, request);
}

/** Step 2 for a request already routed (the gateway routes before reading any body). */
export function decodeS3Request(model: RestXmlServiceModel, route: S3Route, request: S3Request): ParseResult {
  const readsBody = route.payload === 'xml' || route.payload === 'text';
  return decodeRestInput(model, route.operation, {
    labels: route.labels,
    query: request.query,
    headers: request.headers,
    ...(readsBody && request.body !== undefined && { body: request.body }),
    ...(request.xmlLimits !== undefined && { xmlLimits: request.xmlLimits }),
  });
}
