/**
 * S3's `rest-xml` protocol (aws-behaviour.md §5.1–§5.5): the operation comes from the method, path, query and
 * headers, before any body is read; a body that is the input (an XML document, a policy) is read within the
 * request cap, an object body stays on the socket to stream; requests may be anonymous or signed with SigV2 or
 * SigV4; answers are REST responses whose body may stream (GetObject).
 */
import { InternalError } from '../../errors/aws-error.js';
import type { AwsError } from '../../errors/aws-error.js';
import { httpDate } from '../../lib/encoding.js';
import { hasHeader } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { ParseResult, RestResponse, S3AddressingOptions } from '../../protocol/index.js';
import { decodeForm, decodeS3Request, routeS3Request, s3Model, serializeS3Error, serializeS3Response } from '../../protocol/index.js';
import { s3Errors } from '../../services/s3/s3-errors.js';
import type { RawResponse, RequestBodyStream } from '../raw-http.js';
import type { ProtocolStrategy, RequestState, S3RequestFacts } from '../request-state.js';
import { isS3Request } from '../s3/index.js';
import { authenticateS3 } from './rest-xml-authenticate.js';

/** The S3 facts route recorded; every later step of an S3 request has them. */
function s3FactsOf(state: RequestState): S3RequestFacts {
  if (state.s3 === undefined) throw new InternalError('an S3 request reached a later step without its route');
  return state.s3;
}

/** S3's `x-amz-id-2` is an opaque token; ours is derived from the request id so the pair stays traceable. */
function hostIdOf(requestId: string): string {
  return Buffer.from(requestId.replaceAll('-', ''), 'hex').toString('base64');
}

export function restXmlProtocol(addressing: S3AddressingOptions): ProtocolStrategy {
  return {
    claims: (raw, signature) => isS3Request(raw, signature, addressing).kind === 's3',
    // Objects, parts and bucket settings are PUT: their bodies stay on the socket for the handler to stream.
    streamsBody: (method) => method === 'PUT',
    route: (state) => {
      const { raw } = state;
      const { path, query } = splitTarget(raw.rawTarget);
      const decoded = decodeForm(query);
      if (decoded.kind !== 'ok') {
        state.error = s3Errors.invalidQueryEncoding();
        return;
      }
      const routed = routeS3Request(s3Model, { method: raw.method, path, query: decoded.params, headers: raw.headers }, addressing);
      if (routed.kind === 'error') {
        state.error = routed.error;
        return;
      }
      state.operationName = routed.route.operation;
      state.s3 = { route: routed.route, query: decoded.params };
    },
    readInput: (state, deps) => {
      const facts = s3FactsOf(state);
      const { raw } = state;
      const decode = (): ParseResult => {
        const body = facts.body?.toString('utf8');
        return decodeS3Request(s3Model, facts.route, {
          method: raw.method,
          path: splitTarget(raw.rawTarget).path,
          query: facts.query,
          headers: raw.headers,
          ...(body === undefined ? {} : { body }),
        });
      };
      if (facts.route.payload !== 'xml' && facts.route.payload !== 'text') return decode();
      const tooBig = (): ParseResult => ({ kind: 'error', error: s3Errors.maxMessageLengthExceeded(deps.maxBodyBytes) });
      // [U] S3's order between this check and authentication is not recorded; refusing before reading more
      // than the cap keeps memory bounded whoever sends it.
      if (raw.bodyTooLarge) return tooBig();
      if (raw.stream === undefined) {
        facts.body = raw.body;
        return decode();
      }
      return readCapped(raw.stream, deps.maxBodyBytes).then((body) => {
        if (body === undefined) return tooBig();
        facts.body = body;
        return decode();
      });
    },
    authenticate: (state, deps) => authenticateS3(state, s3FactsOf(state), deps),
    respond: (state, error, deps) => respond(state, error, deps.clock),
  };
}

function respond(state: RequestState, error: AwsError | undefined, clock: { wallNow(): number; toWall(virtualMs: number): number }): RawResponse {
  const date: readonly [string, string] = ['Date', httpDate(clock.wallNow())];
  const { method } = state.raw;
  const options = { requestId: state.requestId, method, hostId: hostIdOf(state.requestId) };
  let response: RestResponse;
  if (error !== undefined) {
    response = serializeS3Error(error, options);
    // 304 Not Modified has no body (RFC 9110 §15.4.5): S3 sends its headers only.
    if (error.status === 304)
      response = { status: 304, headers: response.headers.filter(([name]) => name !== 'Content-Type'), body: { kind: 'empty' } };
  } else {
    response = serializeS3Response(s3Model, state.operationName ?? '', state.output ?? {}, {
      ...options,
      toWireTime: (virtualMs) => clock.toWall(virtualMs),
    });
    // A ranged read is a partial answer (RFC 9110 §15.3.7); the model has no status member for it.
    if (state.output?.['ContentRange'] !== undefined && response.status === 200) response = { ...response, status: 206 };
  }
  const { body } = response;
  switch (body.kind) {
    case 'empty':
      return withLength(response, date, '', hasHeader(response.headers, 'content-length') ? undefined : '0');
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

/** HEAD answers keep the object's Content-Length from the output; other bodies get their own length. */
function withLength(response: RestResponse, date: readonly [string, string], body: string | Buffer, length: string | undefined): RawResponse {
  const headers = response.headers.filter(([name]) => length === undefined || name.toLowerCase() !== 'content-length');
  return { status: response.status, headers: [...headers, date, ...(length === undefined ? [] : [['Content-Length', length] as const])], body };
}

function streamOf(body: unknown): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array)
    return (async function* () {
      yield body;
    })();
  if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  return (async function* () {})();
}

/** The whole body, or undefined past `maxBytes` (what was read is dropped; the connection closes after the answer). */
async function readCapped(stream: RequestBodyStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
