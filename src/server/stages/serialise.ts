/**
 * Step 7, serialise: output or error in the service's envelope, with the headers every AWS response has.
 * The `Date` header is the client's frame (design.md "Time": toWall(virtual now) — the wall clock). S3
 * responses may stream (GetObject): their length comes from the output, never from buffering the bytes.
 */
import { httpDate } from '../../lib/encoding.js';
import { failureError } from '../failure-errors.js';
import type { AwsError } from '../../errors/aws-error.js';
import type { RestResponse } from '../../protocol/index.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RawResponse } from '../raw-http.js';
import type { RequestState } from '../request-state.js';
import type { RestXmlServiceBinding, Serialised } from '../service-binding.js';

export function serialise(state: RequestState, deps: GatewayDeps): void {
  const { service } = state;
  const error = state.error ?? (state.output === undefined ? failureError(state.service?.name, undefined) : undefined);
  const date: readonly [string, string] = ['Date', httpDate(deps.clock.wallNow())];
  if (service?.protocol === 'rest-xml') {
    state.response = restResponse(state, service, error, deps, date);
    return;
  }
  let serialised: Serialised;
  let status = 200;
  if (service === undefined) {
    serialised = { body: '', headers: [] };
    status = error?.status ?? 500;
  } else if (error !== undefined) {
    serialised = service.serialiseError(error, state.requestId);
    status = error.status;
  } else {
    serialised = service.serialise(state.operationName ?? '', state.output ?? {}, {
      requestId: state.requestId,
      toWireTime: (virtualMs) => deps.clock.toWall(virtualMs),
    });
  }
  const body = state.raw.method === 'HEAD' ? '' : serialised.body;
  state.response = {
    status,
    headers: [...serialised.headers, ...(error?.headers ?? []), date, ['Content-Length', String(Buffer.byteLength(body))]],
    body,
  };
}

function restResponse(
  state: RequestState,
  s3: RestXmlServiceBinding,
  error: AwsError | undefined,
  deps: GatewayDeps,
  date: readonly [string, string],
): RawResponse {
  const { method } = state.raw;
  const options = { requestId: state.requestId, method };
  let response: RestResponse;
  if (error !== undefined) {
    response = s3.serialiseError(error, options);
    // 304 Not Modified has no body (RFC 9110 §15.4.5): S3 sends its headers only.
    if (error.status === 304) response = { status: 304, headers: response.headers.filter(([name]) => name !== 'Content-Type'), body: { kind: 'empty' } };
  } else {
    response = s3.serialise(state.operationName ?? '', state.output ?? {}, {
      ...options,
      toWireTime: (virtualMs) => deps.clock.toWall(virtualMs),
    });
    // A ranged read is a partial answer (RFC 9110 §15.3.7); the model has no status member for it.
    if (state.output?.['ContentRange'] !== undefined && response.status === 200) response = { ...response, status: 206 };
  }
  const { body } = response;
  switch (body.kind) {
    case 'empty':
      return withLength(response, date, '', lengthHeader(response));
    case 'xml':
    case 'text':
      return withLength(response, date, body.text, String(Buffer.byteLength(body.text)));
    case 'bytes':
      return withLength(response, date, Buffer.from(body.bytes), String(body.bytes.byteLength));
    case 'stream':
      // GetObject: Content-Length is among the output's headers; HEAD never carries a body.
      return { status: response.status, headers: [...response.headers, date], body: method === 'HEAD' ? '' : streamOf(body.body) };
  }
}

/** HEAD answers keep the object's Content-Length from the output; other empty bodies are 0 bytes long. */
function lengthHeader(response: RestResponse): string | undefined {
  return response.headers.some(([name]) => name.toLowerCase() === 'content-length') ? undefined : '0';
}

function withLength(response: RestResponse, date: readonly [string, string], body: string | Buffer, length: string | undefined): RawResponse {
  const headers = response.headers.filter(([name]) => length === undefined || name.toLowerCase() !== 'content-length');
  return { status: response.status, headers: [...headers, date, ...(length === undefined ? [] : [['Content-Length', length] as const])], body };
}

function streamOf(body: unknown): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) return (async function* () { yield body; })();
  if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  return (async function* () {})();
}
