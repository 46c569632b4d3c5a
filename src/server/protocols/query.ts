/**
 * The form-encoded protocols, `query` (STS, IAM) and `ec2` (aws-behaviour.md §0.2–§0.4): parameters in a
 * `application/x-www-form-urlencoded` body and the query string, routed by the SigV4 scope or the `Version`
 * parameter, signed with SigV4 over the whole body, answered in an XML envelope with the request id.
 */
import type { ServiceName } from '../../errors/auth-errors.js';
import { queryErrors } from '../../errors/common.js';
import { httpDate } from '../../lib/encoding.js';
import { headerValue } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { ParseResult, ServiceModel } from '../../protocol/index.js';
import { decodeForm, parseRequest, responseHeaders, serializeError, serializeResponse } from '../../protocol/index.js';
import { authenticateSignedBody } from './authenticate-signed-body.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import type { ProtocolStrategy } from '../request-state.js';

/** Query-string parameters that carry a presigned signature, not operation input. */
const AUTH_QUERY_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
]);

/** Form body (POST) followed by the query string, minus presigning parameters; undefined if not form encoding. */
export function formParams(raw: RawRequest): (readonly [string, string])[] | undefined {
  const { query } = splitTarget(raw.rawTarget);
  const out: (readonly [string, string])[] = [];
  const contentType = headerValue(raw.headers, 'content-type') ?? '';
  if (raw.body.length > 0 && !raw.bodyTooLarge && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const body = decodeForm(raw.body.toString('utf8'));
    if (body.kind !== 'ok') return undefined;
    out.push(...body.params);
  }
  if (query !== '') {
    const fromQuery = decodeForm(query);
    if (fromQuery.kind !== 'ok') return undefined;
    for (const pair of fromQuery.params) if (!AUTH_QUERY_PARAMS.has(pair[0].toLowerCase())) out.push(pair);
  }
  return out;
}

export function queryProtocol(name: ServiceName, model: ServiceModel): ProtocolStrategy {
  const protocol = model.metadata.protocol;
  return {
    claims: () => false,
    streamsBody: () => false,
    route: (state) => {
      const params = formParams(state.raw);
      if (params === undefined) state.error = queryErrors.malformedQueryString('the request parameters are not valid form encoding');
      else state.params = params;
    },
    readInput: (state): ParseResult => {
      if (state.raw.bodyTooLarge) return { kind: 'error', error: queryErrors.requestEntityTooLarge() };
      return parseRequest(model, state.params ?? []);
    },
    authenticate: (state, deps) => {
      if (state.operation.authorization.kind === 'federated') {
        // `noAuth` operations (aws-federation.md §0.1): whether or how they are signed does not matter [U].
        state.principal = { type: 'anonymous' };
        return;
      }
      authenticateSignedBody(name, state, deps);
    },
    respond: (state, error, deps): RawResponse => {
      const date: readonly [string, string] = ['Date', httpDate(deps.clock.wallNow())];
      const serialised =
        error === undefined
          ? serializeResponse(model, state.operationName ?? '', state.output ?? {}, {
              requestId: state.requestId,
              toWireTime: (virtualMs) => deps.clock.toWall(virtualMs),
            })
          : serializeError(model, error, state.requestId);
      const body = state.raw.method === 'HEAD' ? '' : serialised;
      return {
        status: error?.status ?? 200,
        headers: [
          ...responseHeaders(protocol, state.requestId),
          ...(error?.headers ?? []),
          date,
          ['Content-Length', String(Buffer.byteLength(body))],
        ],
        body,
      };
    },
  };
}
