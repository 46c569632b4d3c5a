/**
 * Step 4 for S3 (aws-behaviour.md §5.3–§5.5): S3 also takes anonymous requests (a bucket policy may allow
 * them, decided in authorize), SigV2 in its header and query forms, and SigV4 whose payload hash is the
 * client's `x-amz-content-sha256`. Authentication also decides how a streamed body is read: checked
 * against its declared SHA-256, decoded from aws-chunked with every chunk signature verified, or taken as
 * sent (unsigned payloads, presigned URLs). Checks on the bytes throw from inside the stream, so nothing is
 * stored unless the whole body was right.
 */
import { s3Errors } from '../../services/s3/s3-errors.js';
import type { AuthResultBase } from '../../auth/authenticate.js';
import { authenticateSigV2 } from '../../auth/authenticate-sigv2.js';
import { chunkedErrors, decodeAwsChunked, payloadModeFor, verifyPlainBody } from '../../auth/chunked/index.js';
import type { PayloadMode } from '../../auth/chunked/index.js';
import { parseSigV2, parseSigV2Date, sigv2AuthPath } from '../../auth/sigv2/index.js';
import type { ParsedSigV4 } from '../../auth/sigv4/index.js';
import { checkSkew, CONTENT_SHA256_HEADER, deriveSigningKey, EMPTY_SHA256, sha256Hex } from '../../auth/sigv4/index.js';
import { authError } from '../../errors/auth-errors.js';
import type { AuthFailure } from '../../errors/auth-failure.js';
import { headerValue } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { RawRequest } from '../raw-http.js';
import type { ParsedState, ProtocolDeps, RequestState, S3RequestFacts } from '../request-state.js';
import { authenticateSigV4 } from './authenticate-sigv4.js';
import { checkSigV2Presigned } from '../s3/index.js';

export function authenticateS3(state: ParsedState, s3: S3RequestFacts, deps: ProtocolDeps): void {
  const { signature } = state;
  switch (signature.kind) {
    case 'anonymous':
      state.principal = { type: 'anonymous' };
      attachBody(state, s3, rawBody(state.raw));
      return;
    case 'problem':
      if (signature.problem.kind === 'signature-v2') authenticateV2(state, s3, deps);
      else fail(state, deps, { kind: 'malformed-signature', problem: signature.problem });
      return;
    case 'sigv4':
      authenticateV4(state, s3, deps, signature.parsed);
      return;
  }
}

function fail(state: RequestState, deps: ProtocolDeps, failure: AuthFailure): void {
  state.error = authError('s3', failure, (virtualMs) => deps.clock.toWall(virtualMs));
}

function accept(state: RequestState, result: Extract<AuthResultBase, { kind: 'authenticated' }>): void {
  state.principal = result.principal;
  state.credential = result.credential;
}

function authenticateV4(state: ParsedState, s3: S3RequestFacts, deps: ProtocolDeps, parsed: ParsedSigV4): void {
  const { raw } = state;
  const declared = headerValue(raw.headers, CONTENT_SHA256_HEADER);
  if (parsed.form === 'header' && declared === undefined) {
    state.error = s3Errors.missingContentSha256();
    return;
  }
  const mode = parsed.form === 'header' ? payloadModeFor(declared) : ({ kind: 'unsigned' } as const);
  if (mode.kind === 'unsupported') {
    state.error = s3Errors.invalidContentSha256(mode.value);
    return;
  }
  // S3 signs the client's declared payload hash (payloadHashFor); the bytes are checked against it below.
  const result = authenticateSigV4(state, deps, parsed, EMPTY_SHA256);
  if (result.kind === 'failed') {
    fail(state, deps, result.failure);
    return;
  }
  accept(state, result);
  s3.signing = {
    signatureVersion: 'AWS4-HMAC-SHA256',
    authType: parsed.form === 'header' ? 'REST-HEADER' : 'REST-QUERY-STRING',
    signatureAgeMs: state.virtualMs - deps.presignedWindows.sigV4Start(parsed.signature, parsed.signedAtMs, deps.clock),
  };
  if (s3.body !== undefined) {
    checkReadBody(state, s3.body, mode);
    return;
  }
  const source = rawBody(raw);
  switch (mode.kind) {
    case 'hex':
      attachBody(state, s3, verifyPlainBody(source, { contentSha256: mode.sha256 }));
      return;
    case 'unsigned':
      attachBody(state, s3, source);
      return;
    case 'chunked': {
      const decodedText = headerValue(raw.headers, 'x-amz-decoded-content-length');
      const decoded = decodedText !== undefined && /^\d{1,15}$/.test(decodedText) ? Number(decodedText) : undefined;
      const trailers = headerValue(raw.headers, 'x-amz-trailer');
      const { credential } = result;
      const body = decodeAwsChunked(source, {
        framing: mode.framing,
        ...(mode.framing === 'unsigned-trailer'
          ? {}
          : {
              // A key taken by --accept-any-key has no secret: its chunks are read, not verified (design.md "Accepting any key").
              signing:
                credential.kind === 'any-key'
                  ? 'unverified'
                  : {
                      signingKey: deriveSigningKey(credential.secretAccessKey, parsed.scope),
                      amzDate: parsed.amzDate,
                      scope: parsed.scope,
                      seedSignature: parsed.signature,
                    },
            }),
        ...(decoded === undefined ? {} : { decodedContentLength: decoded }),
        ...(trailers === undefined ? {} : { declaredTrailers: trailers.split(',').map((t) => t.trim().toLowerCase()) }),
      });
      attachBody(state, s3, body, decoded);
      return;
    }
  }
}

/** A body read whole (XML, policies): a declared hash must be its hash; aws-chunked framing is for object bodies only. */
function checkReadBody(state: RequestState, body: Buffer, mode: PayloadMode): void {
  if (mode.kind === 'hex') {
    const computed = sha256Hex(body);
    if (computed !== mode.sha256) state.error = chunkedErrors.contentSha256Mismatch(mode.sha256, computed);
  } else if (mode.kind === 'chunked') {
    state.error = chunkedErrors.invalidChunk('aws-chunked encoding is accepted for object and part bodies only');
  }
}

function authenticateV2(state: ParsedState, s3: S3RequestFacts, deps: ProtocolDeps): void {
  const { raw } = state;
  const parsed = parseSigV2(raw);
  if (parsed.kind !== 'sigv2') {
    state.error = parsed.kind === 'problem' ? s3Errors.accessDenied(parsed.message) : s3Errors.unsupportedAuthorization();
    return;
  }
  const { address } = s3.route;
  const authPath = sigv2AuthPath(splitTarget(raw.rawTarget).path, address.style === 'virtual-hosted' ? address.bucket : undefined);
  const result = authenticateSigV2({ request: raw, parsed, authPath, credentials: deps.lookup });
  if (result.kind === 'failed') {
    fail(state, deps, result.failure);
    return;
  }
  const { credential } = result;
  const session = credential.kind === 'temporary' ? { sessionToken: credential.sessionToken, expiresAtMs: credential.expiresAtMs } : undefined;
  if (parsed.form === 'query') {
    const expiresAtMs = deps.presignedWindows.sigV2Expiry(parsed.signature, parsed.expiresEpochSeconds ?? 0, deps.clock);
    const check = checkSigV2Presigned({ accessKeyId: parsed.accessKeyId, expiresAtMs, ...(session === undefined ? {} : { session }) }, deps.clock);
    if (check.kind === 'failure') return fail(state, deps, check.failure);
    if (check.kind === 'error') {
      state.error = check.error;
      return;
    }
  } else {
    // Header form: the Date (or x-amz-date) header, in any of the HTTP date forms (parseSigV2Date), is within
    // ±15 minutes of the wall clock, as for SigV4.
    const dateText = headerValue(raw.headers, 'x-amz-date') ?? headerValue(raw.headers, 'date');
    const signedAtMs = dateText === undefined ? undefined : parseSigV2Date(dateText);
    if (signedAtMs === undefined) {
      state.error = s3Errors.missingDate();
      return;
    }
    const skew = checkSkew(signedAtMs, state.wallMs);
    if (skew.kind !== 'ok')
      return fail(state, deps, { kind: 'signing-time', direction: skew.kind, message: skew.message, signedAtMs, wallNowMs: state.wallMs });
    if (session !== undefined && state.virtualMs >= session.expiresAtMs) {
      return fail(state, deps, { kind: 'expired-token', accessKeyId: parsed.accessKeyId, sessionToken: session.sessionToken });
    }
  }
  accept(state, result);
  s3.signing = { signatureVersion: 'AWS', authType: parsed.form === 'query' ? 'REST-QUERY-STRING' : 'REST-HEADER' };
  if (s3.body === undefined) attachBody(state, s3, rawBody(raw));
}

/** The body as it arrived: the socket's stream for PUTs, else the bytes read. */
function rawBody(raw: RawRequest): AsyncIterable<Uint8Array> {
  if (raw.stream !== undefined) return raw.stream;
  const { body } = raw;
  return (async function* () {
    if (body.length > 0) yield body;
  })();
}

/**
 * Hands a streamed body to the operation. With aws-chunked framing the wire length is not the object's:
 * Content-Length becomes X-Amz-Decoded-Content-Length and `aws-chunked` leaves Content-Encoding (§5.3).
 */
function attachBody(state: ParsedState, s3: S3RequestFacts, body: AsyncIterable<Uint8Array>, decodedLength?: number): void {
  if (s3.route.payload !== 'stream') return;
  const input: Record<string, unknown> = { ...state.input, Body: body };
  const chunked = headerValue(state.raw.headers, CONTENT_SHA256_HEADER)?.startsWith('STREAMING-') === true;
  if (chunked) {
    if (decodedLength === undefined) delete input['ContentLength'];
    else input['ContentLength'] = decodedLength;
    const encoding = typeof input['ContentEncoding'] === 'string' ? input['ContentEncoding'] : undefined;
    const rest = encoding
      ?.split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked')
      .join(',');
    if (rest === undefined || rest === '') delete input['ContentEncoding'];
    else input['ContentEncoding'] = rest;
  }
  state.input = input;
}
