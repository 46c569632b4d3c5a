/**
 * The S3 yardstick (bench/s3.ts): a bare node:http server doing only what the bytes need.
 * - `GET /small`: the same 1 KiB the lab serves, from memory (BENCH_S3_SMALL, base64), any query ignored.
 * - `PUT /big`: the body streamed to a temporary file in BENCH_S3_DIR, fsynced, then renamed over
 *   `big`: the durability work of src/store/blob/fs-blob-store.ts, without its digests (MD5, SHA-256,
 *   SHA-1, CRC32, CRC32C), which are part of what the lab's ratio measures.
 * - `GET /big`: that file through fs.createReadStream, with its Content-Length.
 * Prints its port on stdout once listening.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const SMALL = Buffer.from(process.env['BENCH_S3_SMALL'] ?? '', 'base64');
const DIR = process.env['BENCH_S3_DIR'] ?? '';
if (DIR === '') throw new Error('BENCH_S3_DIR is required');
const BIG = join(DIR, 'big');
let tempCounter = 0;

function finish(res: ServerResponse, status: number, body?: Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body?.length ?? 0) });
  res.end(body);
}

async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await mkdir(join(DIR, 'tmp'), { recursive: true });
  const temp = join(DIR, 'tmp', `${process.pid}-${++tempCounter}`);
  const file = await open(temp, 'wx');
  try {
    for await (const chunk of req) {
      const bytes = chunk as Buffer;
      let offset = 0;
      while (offset < bytes.length) offset += (await file.write(bytes, offset, bytes.length - offset)).bytesWritten;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, BIG);
  finish(res, 200);
}

async function send(res: ServerResponse): Promise<void> {
  const { size } = await stat(BIG);
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) });
  createReadStream(BIG).pipe(res);
}

const server = createServer({ keepAlive: true }, (req, res) => {
  const path = (req.url ?? '').split('?')[0];
  const fail = (error: unknown): void => {
    if (!res.headersSent) finish(res, 500, Buffer.from(String(error)));
    else res.destroy();
  };
  if (req.method === 'PUT' && path === '/big') return void receive(req, res).catch(fail);
  // Read any body like the lab does, then answer.
  req.resume();
  req.on('end', () => {
    if (req.method === 'GET' && path === '/small') finish(res, 200, SMALL);
    else if (req.method === 'GET' && path === '/big') send(res).catch(fail);
    else finish(res, 404);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
