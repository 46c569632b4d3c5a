/**
 * Step 3, parse: the protocol codec turns the request into `{operation, input}` using the generated model,
 * or answers with the service's own error (InvalidAction, MissingParameter, ValidationError; S3's
 * MalformedXML, InvalidArgument…). An S3 operation whose input is its body (an XML document, a policy) has
 * the body read here, within the request cap; a streamed body (PutObject, UploadPart) is left on the socket
 * for the handler and the input carries the codec's marker until authentication says how to read it.
 */
import { AwsError } from '../../errors/aws-error.js';
import { queryErrors } from '../../errors/common.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { splitTarget } from '../raw-http.js';
import type { RequestBodyStream } from '../raw-http.js';
import type { RequestState } from '../request-state.js';
import type { ParseOutcome, RestXmlServiceBinding } from '../service-binding.js';

export function parse(state: RequestState, deps: GatewayDeps): void | Promise<void> {
  const { service } = state;
  if (service === undefined) return;
  if (service.protocol === 'rest-xml') return parseS3(state, service, deps.maxBodyBytes);
  const { params } = state;
  if (params === undefined) return;
  if (state.raw.bodyTooLarge) {
    state.error = queryErrors.requestEntityTooLarge();
    return;
  }
  accept(state, service.parse(params));
}

async function parseS3(state: RequestState, s3: RestXmlServiceBinding, maxBodyBytes: number): Promise<void> {
  const facts = state.s3;
  if (facts === undefined) return;
  const { raw } = state;
  const readsBody = facts.route.payload === 'xml' || facts.route.payload === 'text';
  if (readsBody) {
    const body = raw.stream === undefined ? raw.body : await readCapped(raw.stream, maxBodyBytes);
    // [U] S3's order between this check and authentication is not recorded; refusing before reading more
    // than the cap keeps memory bounded whoever sends it.
    if (raw.bodyTooLarge || body === undefined) {
      state.error = new AwsError({
        code: 'MaxMessageLengthExceeded',
        status: 400,
        message: 'Your request was too big.',
        extra: [['MaxMessageLengthBytes', String(maxBodyBytes)]],
      });
      return;
    }
    facts.body = body;
  }
  const body = facts.body?.toString('utf8');
  accept(
    state,
    s3.parse(facts.route, {
      method: raw.method,
      path: splitTarget(raw.rawTarget).path,
      query: facts.query,
      headers: raw.headers,
      ...(body === undefined ? {} : { body }),
    }),
  );
}

function accept(state: RequestState, parsed: ParseOutcome): void {
  const { service } = state;
  if (service === undefined) return;
  if (parsed.kind === 'error') {
    state.error = parsed.error;
    return;
  }
  state.operationName = parsed.operation;
  const operation = service.operations.get(parsed.operation);
  if (operation === undefined) {
    // The model knows the operation but iamlab does not implement it (yet): say so plainly.
    state.error = new AwsError({
      code: 'NotImplemented',
      status: 501,
      message: `iamlab does not implement \`${parsed.operation}\` of ${service.name.toUpperCase()} yet`,
    });
    return;
  }
  state.operation = operation;
  state.input = parsed.input;
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
