/**
 * The HTTP adapter's fast path (src/server/http-fast-path.ts) against node:http itself: the same request bytes
 * sent to the adapter with the fast path and without it must reach the gateway as the same request and come
 * back as the same bytes (the `Date` header's value apart), pipelined or not, whether the fast path keeps the
 * connection or hands it to node:http part-way.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { AdminDeps } from '../../src/server/admin/admin-deps.js';
import type { Gateway } from '../../src/server/gateway.js';
import { readPlainRequest, responseHead } from '../../src/server/http-fast-path.js';
import { createHttpServer } from '../../src/server/http-server.js';
import type { RawRequest, RawResponse } from '../../src/server/raw-http.js';

interface Seen {
  readonly method: string;
  readonly rawTarget: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  readonly streamed: boolean;
}

/** A gateway that records what it is handed and answers what the request's `x-answer` header names. */
class RecordingGateway {
  readonly seen: Seen[] = [];

  streamsBody(method: string): boolean {
    return method === 'PUT';
  }

  async handle(raw: RawRequest): Promise<RawResponse> {
    let body = raw.body;
    if (raw.stream !== undefined) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of raw.stream) chunks.push(chunk);
      body = Buffer.concat(chunks);
    }
    this.seen.push({
      method: raw.method,
      rawTarget: raw.rawTarget,
      headers: raw.headers,
      body: body.toString('latin1'),
      streamed: raw.stream !== undefined,
    });
    const answer = raw.headers.find(([name]) => name.toLowerCase() === 'x-answer')?.[1] ?? 'text';
    const delay = Number(raw.headers.find(([name]) => name.toLowerCase() === 'x-delay')?.[1] ?? '0');
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return ANSWERS[answer] ?? (ANSWERS['text'] as RawResponse);
  }
}

const ANSWERS: Record<string, RawResponse> = {
  text: {
    status: 200,
    headers: [
      ['Content-Type', 'text/xml'],
      ['Content-Length', '9'],
    ],
    body: '<a>ü</a>',
  },
  bytes: {
    status: 404,
    headers: [
      ['x-amz-request-id', 'R1'],
      ['Content-Length', '3'],
    ],
    body: Buffer.from('abc'),
  },
  unframed: { status: 200, headers: [['Content-Type', 'text/plain']], body: 'no length given' },
  empty: { status: 200, headers: [['Content-Type', 'text/plain']], body: '' },
  dated: {
    status: 200,
    headers: [
      ['Date', 'Thu, 01 Jan 2015 00:00:00 GMT'],
      ['Content-Length', '0'],
    ],
    body: '',
  },
  nothing: { status: 204, headers: [['x-amz-request-id', 'R2']], body: '' },
  closing: {
    status: 400,
    headers: [
      ['Content-Length', '2'],
      ['Connection', 'close'],
    ],
    body: 'no',
  },
  stream: {
    status: 200,
    headers: [['Content-Length', '6']],
    body: {
      async *[Symbol.asyncIterator]() {
        yield Buffer.from('abc');
        yield Buffer.from('def');
      },
    },
  },
  'stream-unframed': {
    status: 200,
    headers: [],
    body: {
      async *[Symbol.asyncIterator]() {
        yield Buffer.from('one');
        yield Buffer.from('');
        yield Buffer.from('two');
      },
    },
  },
};

interface Side {
  readonly server: Server;
  readonly gateway: RecordingGateway;
  readonly port: number;
}

async function side(fastPath: boolean): Promise<Side> {
  const gateway = new RecordingGateway();
  const server = createHttpServer({
    gateway: gateway as unknown as Gateway,
    admin: {} as AdminDeps,
    logger: { info: () => undefined, error: () => undefined },
    maxBodyBytes: 1024,
    fastPath,
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, gateway, port: (server.address() as AddressInfo).port };
}

/** Writes each piece (a pause between them), then half-closes; everything received until the server closes. */
function exchange(port: number, pieces: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => {
      let i = 0;
      const next = (): void => {
        if (i === pieces.length) {
          socket.end();
          return;
        }
        socket.write(Buffer.from(pieces[i++] as string, 'latin1'));
        setTimeout(next, 30);
      };
      next();
    });
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
  });
}

const withoutDates = (text: string): string => text.replace(/^Date: [^\r]*\r$/gm, 'Date: …\r');

function request(answer: string, extra = '', body = ''): string {
  const length = body === '' ? '' : `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n`;
  return `POST /p?q=1 HTTP/1.1\r\nHost: lab\r\nx-answer: ${answer}\r\n${extra}${length}\r\n${body}`;
}

describe('the HTTP fast path', () => {
  let fast: Side;
  let plain: Side;
  before(async () => {
    fast = await side(true);
    plain = await side(false);
  });
  after(async () => {
    for (const { server } of [fast, plain]) {
      server.closeAllConnections();
      server.close();
    }
  });

  /** Sends the same pieces to both sides: the same bytes back, and the same requests seen by the gateway. */
  async function same(pieces: readonly string[]): Promise<string> {
    const fastSeen = fast.gateway.seen.length;
    const plainSeen = plain.gateway.seen.length;
    const [fromFast, fromPlain] = await Promise.all([exchange(fast.port, pieces), exchange(plain.port, pieces)]);
    assert.equal(withoutDates(fromFast), withoutDates(fromPlain));
    assert.deepEqual(fast.gateway.seen.slice(fastSeen), plain.gateway.seen.slice(plainSeen));
    return fromFast;
  }

  test('every kind of answer is written byte for byte as node:http writes it', async () => {
    for (const answer of Object.keys(ANSWERS)) {
      const text = await same([request(answer, '', 'Action=X')]);
      assert.match(text, /^HTTP\/1\.1 \d{3} /, answer);
    }
  });

  test('pipelined requests are answered in order, whatever order their answers are ready in', async () => {
    const text = await same([request('text', 'x-delay: 60\r\n') + request('bytes', 'x-delay: 1\r\n') + request('stream') + request('unframed')]);
    assert.equal(text.match(/HTTP\/1\.1 \d{3} /g)?.length, 4);
    const closed = await same([request('text', 'x-delay: 30\r\n') + request('closing') + request('text')]);
    assert.equal(closed.match(/HTTP\/1\.1 \d{3} /g)?.length, 2, 'nothing is answered after Connection: close');
  });

  test('a connection moves to node:http part-way and keeps its order', async () => {
    const chunked = 'POST / HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const text = await same([request('text', 'x-delay: 40\r\n', 'first') + chunked + request('bytes', '', 'third')]);
    assert.equal(text.match(/HTTP\/1\.1 \d{3} /g)?.length, 3);
  });

  test('a request that arrives in pieces, or that node:http refuses, is left to node:http', async () => {
    await same([request('text', '', 'Action=X').slice(0, 20), request('text', '', 'Action=X').slice(20)]);
    await same([request('bytes', '', 'Action=X').slice(0, -3), 'n=X']);
    await same([request('text'), 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab']);
    await same([request('text'), 'GET / HTTP/1.1\r\n\r\n']);
    await same([request('text', '', 'x'.repeat(2000))]);
    await same(['PUT /k HTTP/1.1\r\nHost: lab\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'hi']);
    await same(['HEAD / HTTP/1.1\r\nHost: lab\r\n\r\n', request('closing') + request('text')]);
  });

  test("a streamed body (S3's PUTs) is handed over as a stream on both paths", async () => {
    await same(['PUT /bucket/key HTTP/1.1\r\nHost: lab\r\nContent-Length: 5\r\nx-answer: bytes\r\n\r\nhello']);
    assert.equal(fast.gateway.seen.at(-1)?.streamed, true);
  });

  test('any request the fast path takes reaches the gateway as node:http would hand it over', async () => {
    const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
    const value = fc.stringMatching(/^[\x20-\x7e\t]{0,20}$/);
    const header = fc.tuple(token, fc.constantFrom(':', ': ', ':\t', ' : ', ':  '), value);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
        fc.stringMatching(/^\/[\x21-\x7e]{0,30}$/),
        fc.array(header, { maxLength: 6 }),
        fc.string({ maxLength: 40 }),
        async (method, target, headers, body) => {
          const lines = headers
            .filter(
              ([name]) =>
                !['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade', 'x-answer', 'x-delay'].includes(
                  name.toLowerCase(),
                ),
            )
            .map(([name, separator, text]) => `${name}${separator}${text}\r\n`)
            .join('');
          const bytes = Buffer.from(body, 'utf8').toString('latin1');
          const text = `${method} ${target} HTTP/1.1\r\nHost: lab\r\n${lines}Content-Length: ${bytes.length}\r\n\r\n${bytes}`;
          await same([text]);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('forty requests in one write are all answered, in order (reading pauses past 32 unanswered)', async () => {
    const pieces = Array.from({ length: 40 }, (_, i) => request(i % 2 === 0 ? 'text' : 'bytes', `x-delay: ${(40 - i) % 7}\r\n`, `n=${i}`));
    const text = await same([pieces.join('')]);
    assert.equal(text.match(/HTTP\/1\.1 \d{3} /g)?.length, 40);
    assert.deepEqual(
      fast.gateway.seen.slice(-40).map((seen) => seen.body),
      pieces.map((_, i) => `n=${i}`),
    );
  });

  test('closing the server closes the connections the fast path holds, idle or busy once answered', async () => {
    const own = await side(true);
    const idle = connect(own.port, '127.0.0.1', () => idle.write(request('text')));
    idle.on('data', () => undefined);
    await once(idle, 'data');
    const busy = connect(own.port, '127.0.0.1', () => busy.write(request('text', 'x-delay: 100\r\n')));
    let answered = '';
    busy.on('data', (chunk: Buffer) => (answered += chunk.toString('latin1')));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await new Promise<void>((resolve) => own.server.close(() => resolve()));
    assert.ok(Date.now() - started < 2_000, `closed after ${Date.now() - started} ms`);
    if (!busy.destroyed) await once(busy, 'close');
    assert.match(answered, /^HTTP\/1\.1 200 OK/);
    assert.ok(idle.destroyed || idle.readableEnded);
  });

  test('between requests a connection closes after keepAliveTimeout, as node:http closes its own', async () => {
    fast.server.keepAliveTimeout = 200;
    try {
      const started = Date.now();
      const closed = await new Promise<number>((resolve, reject) => {
        const socket = connect(fast.port, '127.0.0.1', () => socket.write(request('text')));
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', reject);
      });
      assert.ok(closed >= 150 && closed < 3_000, `closed after ${closed} ms`);
    } finally {
      fast.server.keepAliveTimeout = 5_000;
    }
  });
});

describe('readPlainRequest', () => {
  const read = (text: string): ReturnType<typeof readPlainRequest> => readPlainRequest(Buffer.from(text, 'latin1'), 0, 100);

  test('takes a plain request whole, and only what belongs to it', () => {
    const request = read('POST /a?b HTTP/1.1\r\nHost: h\r\nX-A:\t v\t1\r\nx-empty:\r\nConnection: Keep-Alive\r\nContent-Length: 3\r\n\r\nabcGET');
    assert.deepEqual(request && { ...request, body: request.body.toString() }, {
      method: 'POST',
      target: '/a?b',
      headers: [
        ['Host', 'h'],
        ['X-A', 'v\t1'],
        ['x-empty', ''],
        ['Connection', 'Keep-Alive'],
        ['Content-Length', '3'],
      ],
      body: 'abc',
      end: 98,
    });
  });

  test('leaves to node:http whatever is not plain or not all there', () => {
    for (const text of [
      'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab',
      'POST / HTTP/1.1\r\nHost: h\r\n',
      'POST / HTTP/1.0\r\nHost: h\r\n\r\n',
      'HEAD / HTTP/1.1\r\nHost: h\r\n\r\n',
      'GET  / HTTP/1.1\r\nHost: h\r\n\r\n',
      'GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na',
      'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\na',
      'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n' + 'a'.repeat(101),
      'GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nX-A: b\r\n folded\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nX-A : b\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nX-A: b \r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nX-A: b\nX-B: c\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nX-A: caf\xe9\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: h\r\nX-A: \x00\r\n\r\n',
      `GET / HTTP/1.1\r\nHost: h\r\nX-A: ${'a'.repeat(9000)}\r\n\r\n`,
    ]) {
      assert.equal(read(text), undefined, JSON.stringify(text.slice(0, 80)));
    }
  });
});

describe('responseHead', () => {
  test('refuses what node:http refuses to write', () => {
    assert.throws(() => responseHead({ status: 200, headers: [['X-A', 'a\r\nInjected: 1']], body: '' }, 5_000));
    assert.throws(() => responseHead({ status: 200, headers: [['X A', 'a']], body: '' }, 5_000));
  });
});
