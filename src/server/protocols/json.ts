/**
 * AWS's JSON 1.1 RPC protocol (CloudTrail, aws-behaviour.md §13.2): `POST /` with the operation in
 * `X-Amz-Target` and its input as a JSON object, signed with SigV4 over the whole body, answered with
 * `application/x-amz-json-1.1` and `x-amzn-RequestId`; errors as `{"__type":…,"message":…}`. Signed requests are
 * routed by their scope; an unsigned (or unreadably signed) one by its target, so that it is refused in this
 * protocol's words.
 */
import type { ServiceName } from '../../errors/auth-errors.js';
import { queryErrors } from '../../errors/common.js';
import { httpDate } from '../../lib/encoding.js';
import { headerValue } from '../../lib/headers.js';
import type { JsonServiceModel, ParseResult } from '../../protocol/index.js';
import { jsonContentType, parseJsonRequest, serializeJsonError, serializeJsonResponse, targetsService } from '../../protocol/index.js';
import type { RawResponse } from '../raw-http.js';
import type { ProtocolStrategy } from '../request-state.js';
import { authenticateSignedBody } from './authenticate-signed-body.js';

const TARGET = 'x-amz-target';

const REQUEST_ID_HEADER = 'x-amzn-RequestId';

export function jsonProtocol(name: ServiceName, model: JsonServiceModel): ProtocolStrategy {
  const contentType = jsonContentType(model.metadata.jsonVersion);
  return {
    claims: (raw, signature) => signature.kind !== 'sigv4' && targetsService(model, headerValue(raw.headers, TARGET) ?? ''),
    streamsBody: () => false,
    // The operation is in a header and the input in the body: nothing more to route before parsing.
    route: () => undefined,
    readInput: (state): ParseResult => {
      if (state.raw.bodyTooLarge) return { kind: 'error', error: queryErrors.requestEntityTooLarge() };
      return parseJsonRequest(model, headerValue(state.raw.headers, TARGET), state.raw.body.toString('utf8'));
    },
    authenticate: (state, deps) => authenticateSignedBody(name, state, deps),
    respond: (state, error, deps): RawResponse => {
      // The trail's times are virtual (aws-behaviour.md §13.5): the only JSON service writes them as they are.
      const body = error === undefined ? serializeJsonResponse(model, state.operationName ?? '', state.output ?? {}) : serializeJsonError(error);
      return {
        status: error?.status ?? 200,
        headers: [
          [REQUEST_ID_HEADER, state.requestId],
          ['Content-Type', contentType],
          ...(error?.headers ?? []),
          ['Date', httpDate(deps.clock.wallNow())],
          ['Content-Length', String(Buffer.byteLength(body))],
        ],
        body,
      };
    },
  };
}
