/**
 * The node:http adapter: reads each request once into a `RawRequest` (raw target, raw header pairs, body
 * with a size cap, remote address), hands it to the admin API or the gateway, and writes the response.
 * Malformed HTTP never reaches the gateway: Node's parser rejects it and we answer 400 on the socket.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleAdmin, isAdminRequest } from './admin/admin-api.js';
import type { AdminDeps } from './admin/admin-deps.js';
import type { Gateway } from './gateway.js';
import type { Logger } from './gateway-deps.js';
import { drained, EMPTY, installFastPath, normaliseAddress, readOnce } from './http-fast-path.js';
import type { RawRequest, RawResponse, RequestBodyStream } from './raw-http.js';

interface HttpServerOptions {
  readonly gateway: Gateway;
  readonly admin: AdminDeps;
  readonly logger: Logger;
  /** Bodies larger than this are not read whole; the gateway answers with the service's error. */
  readonly maxBodyBytes: number;
  /** How long a client may take to send a request's headers, and stay silent on a connection (defaults below). */
  readonly timeouts?: { readonly headersMs?: number; readonly idleMs?: number };
  /** Plain requests read and answered without node:http's streams (http-fast-path.ts); on unless false. */
  readonly fastPath?: boolean;
}

/**
 * Timeouts as a real front end has them, so that slow or stalled clients cannot hold connections: the
 * headers within 20 s (nginx's and S3's order of magnitude), no more than 60 s without a byte either way on
 * a connection (a stalled upload, a reader that stopped reading), and a whole request within 30 minutes
 * (generous, so that multi-gigabyte S3 PUTs from a slow client finish).
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30 * 60_000;

export function createHttpServer(options: HttpServerOptions): Server {
  const writes = new WriteBatch();
  const headersTimeout = options.timeouts?.headersMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const server = createServer(
    {
      keepAlive: true,
      requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout),
      headersTimeout,
      // How often node looks for requests past those limits (default 30 s, which would let a slow client
      // keep its connection for up to 50 s past a 20 s headers timeout).
      connectionsCheckingInterval: Math.min(5_000, headersTimeout),
    },
    (req, res) => serve(req, res, options, writes, false),
  );
  // A connection silent for this long is closed (node destroys a socket that times out when the server has
  // no 'timeout' listener).
  const idleMs = options.timeouts?.idleMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  server.setTimeout(idleMs);
  if (options.fastPath !== false) {
    installFastPath(server, {
      answer: (raw) => dispatch(raw, options),
      streamsBody: (method, rawTarget) => streamsBody(options, method, rawTarget),
      later: (write) => writes.add(write),
      maxBodyBytes: options.maxBodyBytes,
      idleMs,
      logError: (message, error) => options.logger.error(message, error),
    });
  }
  // `Expect: 100-continue`: the 100 goes out when the body is first read, after authentication and
  // authorization; a request refused before that gets its final answer and never sends the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => serve(req, res, options, writes, true));
  // A client that half-closes its side after sending a request (shutdown(SHUT_WR), `curl` with a body from
  // stdin, load tools) still waits for the answer. By default node:http aborts every request of a socket
  // whose read side ended and closes it: fine for a body already read, but an S3 PUT's body is read later,
  // when authorized, so that answer never went out. With half-open sockets the last response is written
  // and the socket closed after it (node's own `httpAllowHalfOpen` switch, which `http.Server` reads).
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // Too slow to send its headers (headersTimeout) or the whole request (requestTimeout): node's own 408.
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

/**
 * Responses that become ready during one turn of the event loop are written together at its end. Under
 * load the server then wakes a waiting client once for several answers rather than once per answer, which
 * on a two-core machine is worth about 15% more requests per second (`npm run bench`, gateway); a
 * response waits at most for the rest of the turn it was finished in.
 */
class WriteBatch {
  #writes: (() => void)[] = [];

  /** `write` must not throw: a throw would cut the rest of the batch short. */
  add(write: () => void): void {
    if (this.#writes.length === 0) setImmediate(this.#flush);
    this.#writes.push(write);
  }

  readonly #flush = (): void => {
    const writes = this.#writes;
    this.#writes = [];
    for (const write of writes) write();
  };
}

/**
 * Read → answer → write. Written with callbacks rather than as one async function: the answer itself is
 * asynchronous only when a stage waits (the gateway answers GetCallerIdentity synchronously), and every
 * request pays for each promise the adapter adds.
 */
function serve(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions, writes: WriteBatch, expectsContinue: boolean): void {
  const failed = (error: unknown): void => {
    options.logger.error('unhandled error while serving a request', error);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end();
  };
  const answer = (raw: RawRequest): void => {
    // A body left (partly) unread on the socket cannot be skipped: the connection closes after the answer.
    const write = (response: RawResponse): void =>
      writes.add(() => {
        try {
          writeResponse(res, response, raw.bodyTooLarge || (raw.stream !== undefined && !req.complete));
        } catch (error) {
          failed(error);
        }
      });
    let answered: RawResponse | Promise<RawResponse>;
    try {
      answered = dispatch(raw, options);
    } catch (error) {
      failed(error);
      return;
    }
    if (answered instanceof Promise) answered.then(write).catch(failed);
    else write(answered);
  };
  // A body some protocol streams (S3's PUTs of objects and parts) stays on the socket for the gateway.
  if (streamsBody(options, req.method ?? 'GET', req.url ?? '/')) {
    answer(rawRequest(req, EMPTY, false, bodyStream(req, expectsContinue ? () => res.writeContinue() : undefined)));
    return;
  }
  if (expectsContinue) res.writeContinue();
  readRequest(req, options.maxBodyBytes, failed, answer);
}

/** Whether the body stays on the socket for the gateway (S3's PUTs of objects and parts) rather than being read whole. */
function streamsBody(options: HttpServerOptions, method: string, rawTarget: string): boolean {
  return options.gateway.streamsBody(method) && !isAdminRequest(rawTarget);
}

/** The admin API or the gateway. */
function dispatch(raw: RawRequest, options: HttpServerOptions): RawResponse | Promise<RawResponse> {
  return isAdminRequest(raw.rawTarget) ? handleAdmin(raw, options.admin) : options.gateway.handle(raw);
}

function rawRequest(req: IncomingMessage, body: Buffer, bodyTooLarge: boolean, stream?: RequestBodyStream): RawRequest {
  const head = {
    method: req.method ?? 'GET',
    rawTarget: req.url ?? '/',
    headers: pairHeaders(req.rawHeaders),
    body,
    bodyTooLarge,
    remoteAddress: normaliseAddress(req.socket.remoteAddress ?? ''),
    secure: false,
  };
  return stream === undefined ? head : { ...head, stream };
}

function bodyStream(req: IncomingMessage, onStart: (() => void) | undefined): RequestBodyStream {
  return readOnce(() => {
    onStart?.();
    return req[Symbol.asyncIterator]();
  });
}

function readRequest(req: IncomingMessage, maxBodyBytes: number, failed: (error: unknown) => void, done: (raw: RawRequest) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      // Stop buffering; keep draining so the client sees our error rather than a reset.
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  // Like a promise, settle once: an error after the end (the socket dying mid-answer) is not a read error.
  let settled = false;
  req.on('error', (error: NodeJS.ErrnoException) => {
    if (settled) return;
    settled = true;
    // The client went away mid-body: nobody is left to answer.
    if (error.message === 'aborted' || error.code === 'ECONNRESET') {
      req.socket.destroy();
      return;
    }
    failed(error);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    done(rawRequest(req, tooLarge ? EMPTY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), tooLarge));
  });
}

function pairHeaders(rawHeaders: readonly string[]): [string, string][] {
  const pairs = new Array<[string, string]>(rawHeaders.length >> 1);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs[i >> 1] = [rawHeaders[i] as string, rawHeaders[i + 1] as string];
  return pairs;
}

function writeResponse(res: ServerResponse, response: RawResponse, closeAfter: boolean): void {
  const { headers } = response;
  const flat = new Array<string>(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i] as readonly [string, string];
    flat[2 * i] = header[0];
    flat[2 * i + 1] = header[1];
  }
  if (closeAfter) flat.push('Connection', 'close');
  res.writeHead(response.status, flat);
  const { body } = response;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    res.end(body);
    return;
  }
  // A failure mid-stream (a blob gone from disk) can only cut the response short: the status is sent.
  writeStream(res, body).catch(() => res.destroy());
}

/** Writes a streamed body, waiting for the socket to drain (a plain loop: stream.pipeline's abort machinery costs more than a small object). */
async function writeStream(res: ServerResponse, body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    // Leaving the loop returns the iterator, which closes the file behind it.
    if (res.destroyed) return;
    if (!res.write(chunk) && !(await drained(res))) return;
  }
  res.end();
}
