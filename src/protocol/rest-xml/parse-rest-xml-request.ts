/**
 * A REST request (method, raw path, decoded query pairs, header pairs, and the body text when the
 * operation's payload is XML or text) → `{ operation, input }`, for any `rest-xml` model. S3's addressing
 * and error choices sit on top of this in `parse-s3-request.ts`.
 */
import type { FormPairs } from '../decode-form.js';
import type { RestXmlServiceModel } from '../model.js';
import type { ParseResult } from '../parse-request.js';
import { decodeRestInput } from './decode-rest-input.js';
import type { HeaderPairs } from './match-route.js';
import { matchRoute } from './match-route.js';
import { s3ProtocolErrors } from './s3-protocol-errors.js';
import type { XmlLimits } from './xml-reader.js';

interface RestXmlRequest {
  readonly method: string;
  /** The path as received: percent-encoded, without the query string. */
  readonly path: string;
  /** Decoded query parameters in order; a bare `?uploads` is `['uploads', '']`. */
  readonly query: FormPairs;
  readonly headers: HeaderPairs;
  /** Needed only when `payloadKind` is `xml` or `text`; streaming bodies are never passed here. */
  readonly body?: string;
  readonly xmlLimits?: XmlLimits;
}

export function parseRestXmlRequest(model: RestXmlServiceModel, request: RestXmlRequest): ParseResult {
  const match = matchRoute(model, request.method, request.path, request.query, request.headers);
  if (match.kind === 'error') return match;
  if (match.kind === 'none') return { kind: 'error', error: s3ProtocolErrors.notImplemented() };
  return decodeRestInput(model, match.route.operation, {
    labels: match.labels,
    query: request.query,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
    ...(request.xmlLimits !== undefined && { xmlLimits: request.xmlLimits }),
  });
}
