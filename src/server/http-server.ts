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
import type { RawRequest, RawResponse } from './raw-http.js';

export interface HttpServerOptions {
  readonly gateway: Gateway;
  readonly admin: AdminDeps;
  readonly logger: Logger;
  /** Bodies larger than this are not read whole; the gateway answers with the service's error. */
  readonly maxBodyBytes: number;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const server = createServer({ keepAlive: true, requestTimeout: 60_000 }, (req, res) => serve(req, res, options));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return server;
}

/**
 * Read → answer → write. Written with callbacks rather than as one async function: the only asynchronous
 * step is the answer itself, and every request pays for each promise the adapter adds.
 */
function serve(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): void {
  const failed = (error: unknown): void => {
    options.logger.error('unhandled error while serving a request', error);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end();
  };
  readRequest(req, options.maxBodyBytes, failed, (raw) => {
    let answer: Promise<RawResponse>;
    try {
      answer = isAdminRequest(raw.rawTarget) ? handleAdmin(raw, options.admin) : options.gateway.handle(raw);
    } catch (error) {
      failed(error);
      return;
    }
    answer.then((response) => writeResponse(res, response, raw.bodyTooLarge)).catch(failed);
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
  req.on('error', (error) => {
    if (settled) return;
    settled = true;
    failed(error);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    done({
      method: req.method ?? 'GET',
      rawTarget: req.url ?? '/',
      headers: pairHeaders(req.rawHeaders),
      body: tooLarge ? Buffer.alloc(0) : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
      bodyTooLarge: tooLarge,
      remoteAddress: normaliseAddress(req.socket.remoteAddress ?? ''),
      secure: false,
    });
  });
}

function pairHeaders(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i] as string, rawHeaders[i + 1] as string]);
  return pairs;
}

/** `::ffff:127.0.0.1` -> `127.0.0.1`, so aws:SourceIp conditions on IPv4 CIDRs work on dual-stack sockets. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function writeResponse(res: ServerResponse, response: RawResponse, closeAfter: boolean): void {
  const flat: string[] = [];
  for (const [name, value] of response.headers) flat.push(name, value);
  if (closeAfter) flat.push('Connection', 'close');
  res.writeHead(response.status, flat);
  res.end(response.body);
}
