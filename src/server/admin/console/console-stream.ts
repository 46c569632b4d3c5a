/**
 * `GET /_iamlab/ui/api/stream`: what changes in the lab, as server-sent events (text/event-stream), so the
 * console redraws without polling: `audit` (each request as it is recorded), `session` (each session issued),
 * `clock` (a move of the virtual clock, from this node or another). The page reads it with `fetch`, not
 * `EventSource`, so the admin token travels in the `Authorization` header like every other admin call and
 * never in a URL (design.md "The console").
 *
 * A stream holds no more than `MAX_QUEUED` undelivered events: a reader that falls that far behind gets
 * `overflow` and the stream ends; the page reconnects and reloads what it shows. A comment line every 15 s keeps the connection out of
 * the idle timeout and lets the writer notice a reader that went away.
 */
import type { ClockChange } from '../../../clock/clock.js';
import type { Json } from '../../../store/port.js';
import type { RawResponse } from '../../raw-http.js';
import { clockView } from './console-clock.js';
import type { ConsoleDeps } from './console-deps.js';
import { SECURITY_HEADERS } from './console-static.js';

const MAX_QUEUED = 1000;
const HEARTBEAT_MS = 15_000;
/** How often the clock's history is looked at: moves arrive from the admin API and from other nodes alike. */
const CLOCK_CHECK_MS = 500;

export function consoleStream(deps: ConsoleDeps): RawResponse {
  return {
    status: 200,
    headers: [['Content-Type', 'text/event-stream; charset=utf-8'], ['Cache-Control', 'no-store'], ['X-Accel-Buffering', 'no'], ...SECURITY_HEADERS],
    body: { [Symbol.asyncIterator]: () => new EventFeed(deps) },
  };
}

class EventFeed implements AsyncIterator<Uint8Array> {
  readonly #queue: string[] = [];
  #waiting: ((result: IteratorResult<Uint8Array>) => void) | undefined;
  #overflowed = false;
  #done = false;
  readonly #stops: (() => void)[] = [];

  constructor(deps: ConsoleDeps) {
    this.#push('hello', clockView(deps.clock));
    this.#stops.push(deps.audit.subscribe((event) => this.#push('audit', event as unknown as Json)));
    this.#stops.push(deps.issuer.subscribe((session) => this.#push('session', { ...session })));
    let last = lastChange(deps.clock.history);
    let length = deps.clock.history.length;
    const clockTimer = setInterval(() => {
      const history = deps.clock.history;
      if (history.length === length && lastChange(history) === last) return;
      last = lastChange(history);
      length = history.length;
      this.#push('clock', clockView(deps.clock));
    }, CLOCK_CHECK_MS);
    const heartbeat = setInterval(() => this.#deliver(': ping\n\n'), HEARTBEAT_MS);
    clockTimer.unref();
    heartbeat.unref();
    this.#stops.push(
      () => clearInterval(clockTimer),
      () => clearInterval(heartbeat),
    );
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#done) return Promise.resolve({ done: true, value: undefined });
    const chunk = this.#queue.shift();
    if (chunk !== undefined) return Promise.resolve({ done: false, value: Buffer.from(chunk) });
    // Everything up to the overflow notice is written: the stream ends.
    if (this.#overflowed) return this.return();
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** The writer stops reading (the reader went away, or the lab closes): nothing is followed any more. */
  return(): Promise<IteratorResult<Uint8Array>> {
    this.#done = true;
    for (const stop of this.#stops) stop();
    this.#queue.length = 0;
    this.#waiting?.({ done: true, value: undefined });
    this.#waiting = undefined;
    return Promise.resolve({ done: true, value: undefined });
  }

  #push(type: string, data: Json): void {
    if (this.#overflowed) return;
    if (this.#queue.length >= MAX_QUEUED) {
      this.#queue.length = 0;
      this.#deliver('event: overflow\ndata: {}\n\n');
      this.#overflowed = true;
      return;
    }
    this.#deliver(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #deliver(chunk: string): void {
    if (this.#done || this.#overflowed) return;
    const waiting = this.#waiting;
    if (waiting !== undefined) {
      this.#waiting = undefined;
      waiting({ done: false, value: Buffer.from(chunk) });
      return;
    }
    this.#queue.push(chunk);
  }
}

function lastChange(history: readonly ClockChange[]): ClockChange | undefined {
  return history[history.length - 1];
}
