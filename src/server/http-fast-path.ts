/**
 * A fast path in front of node:http for the plainest requests, which are most of them: HTTP/1.1, GET, POST,
 * PUT or DELETE, one Host, a `Content-Length` body (or none) that has arrived whole, nothing but visible ASCII
 * in the head. Such a request is read off the connection here and its answer written here, without
 * node:http's request and response streams, which cost about a fifth of a small request's CPU (README,
 * "Server CPU per request").
 *
 * Anything else hands the connection, with the bytes not yet answered, to node:http for the rest of its life:
 * a request still incomplete when its bytes stop (slow clients, bodies in several packets: node's timeouts
 * apply from then on), `Transfer-Encoding`, `Expect`, `Upgrade`, other methods (HEAD among them), HTTP/1.0,
 * `Connection: close`, obsolete line folding, control or non-ASCII bytes, heads over 8 KiB, bodies over the
 * adapter's cap. What is taken here is therefore a strict subset of what node:http reads the same way
 * (RFC 9112), and node:http keeps every refusal (400, 408, 431) and every edge of the protocol.
 *
 * Answers are written as node:http writes them (`writeHead` with the header pairs, then `end`): the status
 * line with Node's reason phrase, the headers in order, then what Node adds — `Date` when there is none,
 * `Connection: keep-alive` and `Keep-Alive: timeout=N`, and chunked framing for a body without a length. A
 * test (test/server/http-fast-path.test.ts) compares the bytes of both for the same answers. Pipelined
 * requests are answered in order; a connection waiting between requests closes after the server's
 * `keepAliveTimeout`, one with a request under way after the idle timeout, as node:http's do.
 */
import { STATUS_CODES } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { httpDate } from '../lib/encoding.js';
import type { RawRequest, RawResponse, RequestBodyStream } from './raw-http.js';

interface FastPathOptions {
  /** Answers a request (the admin API or the gateway); may throw. */
  readonly answer: (raw: RawRequest) => RawResponse | Promise<RawResponse>;
  /** Whether the request's body is handed over as a stream (S3's PUTs) rather than as bytes. */
  readonly streamsBody: (method: string, rawTarget: string) => boolean;
  /** Schedules a write for the end of this turn of the event loop (the adapter's batch). */
  readonly later: (write: () => void) => void;
  readonly maxBodyBytes: number;
  readonly idleMs: number;
  readonly logError: (message: string, error: unknown) => void;
}

/** Heads larger than this go to node:http (its own limit, 16 KiB, then applies). */
const MAX_HEAD_BYTES = 8 * 1024;
const MAX_HEADERS = 100;
/** Requests answered out of order are held; past this many unanswered, reading pauses. */
const MAX_IN_FLIGHT = 32;
const HEAD_END = Buffer.from('\r\n\r\n');
const REQUEST_LINE = /^(GET|POST|PUT|DELETE) (\/[\x21-\x7e]*) HTTP\/1\.1$/;
/** A field name (token), the colon, optional whitespace, then a value of visible ASCII with no trailing whitespace. */
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*((?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?)$/;
const DIGITS = /^[0-9]{1,15}$/;
/** What node:http accepts in the names and values of the headers it writes. */
const INVALID_NAME = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Puts the fast path in front of `server`: each new connection starts here and moves to node:http's own
 * handling when it sends something this path leaves alone. `closeIdleConnections` and `closeAllConnections`
 * (called by `server.close()` and the lab's shutdown) also close the connections held here.
 */
export function installFastPath(server: Server, options: FastPathOptions): void {
  const toNode = server.listeners('connection') as ((socket: Socket) => void)[];
  if (toNode.length !== 1) throw new Error('node:http registers exactly one connection listener');
  const nodeConnection = toNode[0] as (socket: Socket) => void;
  const held = new Set<FastConnection>();
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const connection = new FastConnection(socket, server, options, held, (rest) => {
      held.delete(connection);
      if (!socket.readableEnded) {
        if (rest.length > 0) socket.unshift(rest);
        nodeConnection.call(server, socket);
        socket.resume();
        return;
      }
      // The client closed its side while its last requests waited here, and net emits 'end' even on a paused
      // socket: the stream takes nothing more, so node:http's own listeners are handed the rest and the end.
      nodeConnection.call(server, socket);
      setImmediate(() => {
        if (socket.destroyed) return;
        if (rest.length > 0) socket.emit('data', rest);
        socket.emit('end');
      });
    });
    held.add(connection);
  });
  const closeIdle = server.closeIdleConnections.bind(server);
  const closeAll = server.closeAllConnections.bind(server);
  server.closeIdleConnections = () => {
    for (const connection of held) connection.closeWhenIdle();
    closeIdle();
  };
  server.closeAllConnections = () => {
    for (const connection of held) connection.destroy();
    closeAll();
  };
}

interface Slot {
  response?: RawResponse;
}

class FastConnection {
  readonly #socket: Socket;
  readonly #server: Server;
  readonly #options: FastPathOptions;
  readonly #held: Set<FastConnection>;
  readonly #handOver: (rest: Buffer) => void;
  readonly #remoteAddress: string;
  /** Requests in the order they came, each until its answer is written. */
  readonly #slots: Slot[] = [];
  /** An answer's body is being streamed: the ones after it wait. */
  #streaming = false;
  /** Bytes to give node:http once every answer before them is written. */
  #rest: Buffer | undefined;
  #clientEnded = false;
  #closing = false;
  #scheduled = false;
  /** An answer that closes the connection was written. */
  #lastWritten = false;
  /** The keep-alive timeout is armed rather than the idle one. */
  #betweenRequests = false;

  constructor(socket: Socket, server: Server, options: FastPathOptions, held: Set<FastConnection>, handOver: (rest: Buffer) => void) {
    this.#socket = socket;
    this.#server = server;
    this.#options = options;
    this.#held = held;
    this.#handOver = handOver;
    this.#remoteAddress = normaliseAddress(socket.remoteAddress ?? '');
    socket.setTimeout(options.idleMs);
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('error', this.#onError);
    socket.on('timeout', this.#onTimeout);
    socket.on('close', this.#onClose);
  }

  closeWhenIdle(): void {
    this.#closing = true;
    if (this.#idle()) this.destroy();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  readonly #onData = (chunk: Buffer): void => {
    if (this.#rest !== undefined) {
      this.#rest = Buffer.concat([this.#rest, chunk]);
      return;
    }
    if (this.#closing) return;
    let offset = 0;
    while (offset < chunk.length) {
      const request = readPlainRequest(chunk, offset, this.#options.maxBodyBytes);
      if (request === undefined) {
        this.#leave(chunk.subarray(offset));
        return;
      }
      offset = request.end;
      this.#receive(request);
    }
    if (this.#slots.length >= MAX_IN_FLIGHT) this.#socket.pause();
  };

  #receive(request: PlainRequest): void {
    const slot: Slot = {};
    this.#slots.push(slot);
    if (this.#betweenRequests) {
      this.#betweenRequests = false;
      this.#socket.setTimeout(this.#options.idleMs);
    }
    const { method, target } = request;
    const streamed = this.#options.streamsBody(method, target);
    const raw: RawRequest = {
      method,
      rawTarget: target,
      headers: request.headers,
      body: streamed ? EMPTY : request.body,
      bodyTooLarge: false,
      remoteAddress: this.#remoteAddress,
      secure: false,
      ...(streamed ? { stream: bufferedBody(request.body) } : {}),
    };
    const settle = (response: RawResponse): void => {
      slot.response = response;
      if (!this.#scheduled) {
        this.#scheduled = true;
        this.#options.later(this.#flush);
      }
    };
    const failed = (error: unknown): void => {
      this.#options.logError('unhandled error while serving a request', error);
      settle(INTERNAL_ERROR);
    };
    let answered: RawResponse | Promise<RawResponse>;
    try {
      answered = this.#options.answer(raw);
    } catch (error) {
      failed(error);
      return;
    }
    if (answered instanceof Promise) answered.then(settle, failed);
    else settle(answered);
  }

  /** The rest of this connection is node:http's, once the answers owed on it are written. */
  #leave(rest: Buffer): void {
    this.#socket.pause();
    this.#rest = rest;
    if (this.#idle()) this.#transfer();
  }

  #transfer(): void {
    const rest = this.#rest ?? EMPTY;
    this.#rest = undefined;
    const socket = this.#socket;
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('error', this.#onError);
    socket.off('timeout', this.#onTimeout);
    socket.off('close', this.#onClose);
    this.#handOver(rest);
  }

  #idle(): boolean {
    return this.#slots.length === 0 && !this.#streaming;
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    while (!this.#streaming && !this.#lastWritten && this.#slots[0]?.response !== undefined) {
      const response = (this.#slots.shift() as Slot).response as RawResponse;
      if (this.#socket.destroyed) return;
      this.#write(response);
    }
    if (this.#lastWritten) {
      // An answer said `Connection: close`: what was asked after it goes unanswered, as with node:http.
      if (!this.#streaming) this.#finish();
      return;
    }
    if (!this.#idle()) return;
    if (this.#closing) this.#finish();
    else if (this.#rest !== undefined) this.#transfer();
    else if (this.#clientEnded) this.#finish();
    else {
      if (this.#socket.isPaused()) this.#socket.resume();
      this.#betweenRequests = true;
      this.#socket.setTimeout(this.#server.keepAliveTimeout);
    }
  };

  /** The last answer is written: the connection closes once it is sent (the client closed its side, or the server is closing). */
  #finish(): void {
    const socket = this.#socket;
    socket.end(() => socket.destroy());
  }

  #write(response: RawResponse): void {
    let head: ResponseHead;
    try {
      head = responseHead(response, this.#server.keepAliveTimeout);
    } catch (error) {
      this.#options.logError('unhandled error while serving a request', error);
      head = responseHead(INTERNAL_ERROR, this.#server.keepAliveTimeout);
      response = INTERNAL_ERROR;
    }
    if (head.close) {
      this.#lastWritten = true;
      this.#closing = true;
    }
    const socket = this.#socket;
    const { body } = response;
    if (typeof body === 'string') {
      if (!head.chunked) {
        // One write, the head and the text as UTF-8 (node:http joins them the same way).
        socket.write(head.text + body);
        return;
      }
      socket.cork();
      socket.write(head.text, 'latin1');
      socket.write(`${chunked(body)}0\r\n\r\n`);
      socket.uncork();
      return;
    }
    if (Buffer.isBuffer(body)) {
      socket.cork();
      socket.write(head.text, 'latin1');
      if (!head.chunked) socket.write(body);
      else if (body.length === 0) socket.write('0\r\n\r\n', 'latin1');
      else {
        socket.write(`${body.length.toString(16)}\r\n`, 'latin1');
        socket.write(body);
        socket.write('\r\n0\r\n\r\n', 'latin1');
      }
      socket.uncork();
      return;
    }
    this.#streaming = true;
    // The head waits for the first chunk, so that a small body goes out with it in one write (node:http, too,
    // sends its head with the first chunk).
    socket.cork();
    socket.write(head.text, 'latin1');
    // A failure mid-stream (a blob gone from disk) can only cut the answer short: the status is sent.
    writeStream(socket, body, head.chunked)
      .then(
        () => undefined,
        () => socket.destroy(),
      )
      .finally(() => {
        this.#streaming = false;
        this.#flush();
      });
  }

  /** The client closed its side (allowed: it still waits for its answers, which are written before the socket ends). */
  readonly #onEnd = (): void => {
    this.#clientEnded = true;
    if (this.#idle()) this.#socket.end();
  };

  readonly #onError = (): void => {
    this.#socket.destroy();
  };

  readonly #onTimeout = (): void => {
    this.#socket.destroy();
  };

  readonly #onClose = (): void => {
    this.#held.delete(this);
  };
}

const INTERNAL_ERROR: RawResponse = { status: 500, headers: [['Content-Type', 'text/plain']], body: '' };

interface PlainRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: [string, string][];
  readonly body: Buffer;
  /** Offset just past this request in the bytes read. */
  readonly end: number;
}

/**
 * The request at `offset` when it is plain and whole; undefined when node:http should have it (not plain, or
 * not all there).
 */
export function readPlainRequest(bytes: Buffer, offset: number, maxBodyBytes: number): PlainRequest | undefined {
  const headEnd = bytes.indexOf(HEAD_END, offset);
  if (headEnd === -1 || headEnd - offset > MAX_HEAD_BYTES) return undefined;
  const lines = bytes.toString('latin1', offset, headEnd).split('\r\n');
  if (lines.length - 1 > MAX_HEADERS) return undefined;
  const requestLine = REQUEST_LINE.exec(lines[0] as string);
  if (requestLine === null) return undefined;
  const headers = new Array<[string, string]>(lines.length - 1);
  let length = -1;
  let hosts = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = HEADER_LINE.exec(lines[i] as string);
    if (line === null) return undefined;
    const name = line[1] as string;
    const value = line[2] as string;
    headers[i - 1] = [name, value];
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === 'host') hosts++;
        break;
      case 6:
        if (name.toLowerCase() === 'expect') return undefined;
        break;
      case 7:
        if (name.toLowerCase() === 'upgrade') return undefined;
        break;
      case 10:
        if (name.toLowerCase() === 'connection' && value.toLowerCase() !== 'keep-alive') return undefined;
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') {
          if (length !== -1 || !DIGITS.test(value)) return undefined;
          length = Number(value);
        }
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') return undefined;
        break;
    }
  }
  if (hosts !== 1) return undefined;
  const bodyStart = headEnd + 4;
  const end = bodyStart + Math.max(length, 0);
  if (length > maxBodyBytes || end > bytes.length) return undefined;
  return {
    method: requestLine[1] as string,
    target: requestLine[2] as string,
    headers,
    body: length > 0 ? bytes.subarray(bodyStart, end) : EMPTY,
    end,
  };
}

/** An empty body (shared: nothing writes into it). */
export const EMPTY = Buffer.alloc(0);

/** A body that arrived whole, for the protocols that stream theirs (S3's PUTs). */
function bufferedBody(body: Buffer): RequestBodyStream {
  return readOnce(async function* () {
    if (body.length > 0) yield body;
  });
}

/** A request body that `open` gives as it is first read; a second read is an error. */
export function readOnce(open: () => AsyncIterator<Uint8Array>): RequestBodyStream {
  let started = false;
  return {
    get started() {
      return started;
    },
    [Symbol.asyncIterator]() {
      if (started) throw new Error('a request body can be read only once');
      started = true;
      return open();
    },
  };
}

interface ResponseHead {
  readonly text: string;
  readonly chunked: boolean;
  /** The answer asked for the connection to close after it. */
  readonly close: boolean;
}

/** The status line and headers as node:http's `writeHead` writes them for a keep-alive HTTP/1.1 request. */
export function responseHead(response: RawResponse, keepAliveTimeoutMs: number): ResponseHead {
  const { status } = response;
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
  let date = false;
  let connection = false;
  let close = false;
  let keepAliveHeader = false;
  let length = false;
  let transferEncoding = false;
  let chunked = false;
  for (const [name, value] of response.headers) {
    if (name === '' || INVALID_NAME.test(name)) throw new TypeError(`header name ${JSON.stringify(name)} is not a token`);
    if (INVALID_VALUE.test(value)) throw new TypeError(`the value of header ${name} holds a character HTTP does not allow`);
    text += `${name}: ${value}\r\n`;
    switch (name.toLowerCase()) {
      case 'date':
        date = true;
        break;
      case 'connection':
        connection = true;
        if (/(?:^|\W)close(?:$|\W)/i.test(value)) close = true;
        break;
      case 'keep-alive':
        keepAliveHeader = true;
        break;
      case 'content-length':
        length = true;
        break;
      case 'transfer-encoding':
        transferEncoding = true;
        if (/(?:^|\W)chunked\s*$/i.test(value)) chunked = true;
        break;
    }
  }
  if (!date) text += `Date: ${httpDate(Date.now())}\r\n`;
  if (!connection) {
    text += 'Connection: keep-alive\r\n';
    if (keepAliveTimeoutMs > 0 && !keepAliveHeader) text += `Keep-Alive: timeout=${Math.floor(keepAliveTimeoutMs / 1000)}\r\n`;
  }
  const hasBody = status !== 204 && status !== 304 && !(status >= 100 && status < 200);
  if (!length && !transferEncoding && hasBody) {
    text += 'Transfer-Encoding: chunked\r\n';
    chunked = true;
  }
  if (!hasBody) chunked = false;
  return { text: text + '\r\n', chunked, close };
}

/** One chunk of chunked framing around `text` (nothing for an empty text). */
function chunked(text: string): string {
  if (text === '') return '';
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

/** Writes a streamed body after a head the socket holds corked, waiting for the socket to drain. */
async function writeStream(socket: Socket, body: AsyncIterable<Uint8Array>, framed: boolean): Promise<void> {
  try {
    for await (const chunk of body) {
      // Leaving the loop returns the iterator, which closes the file behind it.
      if (socket.destroyed) return;
      if (chunk.length === 0) continue;
      if (framed) {
        socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
        socket.write(chunk);
      }
      const ok = socket.write(framed ? '\r\n' : chunk);
      if (socket.writableCorked > 0) socket.uncork();
      if (!ok && !(await drained(socket))) return;
    }
    if (framed && !socket.destroyed) socket.write('0\r\n\r\n', 'latin1');
  } finally {
    if (socket.writableCorked > 0) socket.uncork();
  }
}

/** True when the socket (or node:http's response on it) drained, false when the client went away first. */
export function drained(writable: Socket | ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => settle(true);
    const onClose = (): void => settle(false);
    const settle = (value: boolean): void => {
      writable.off('drain', onDrain);
      writable.off('close', onClose);
      resolve(value);
    };
    writable.on('drain', onDrain);
    writable.on('close', onClose);
  });
}

/** `::ffff:127.0.0.1` -> `127.0.0.1`, so aws:SourceIp conditions on IPv4 CIDRs work on dual-stack sockets. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
