/**
 * The console's live stream as an iterator (src/server/admin/console/console-stream.ts): events in the order
 * they happened, and a reader that falls 1,000 events behind gets `overflow` and the end of the stream (the page
 * then reconnects and reloads), rather than the lab queueing without bound. Ending the stream unsubscribes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Clock } from '../../src/clock/clock.js';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import type { ConsoleDeps } from '../../src/server/admin/console/console-deps.js';
import { consoleStream } from '../../src/server/admin/console/console-stream.js';

function fakeDeps(): { deps: ConsoleDeps; record: (n: number) => void; listeners: () => number } {
  const audit = new Set<(event: AuditEvent) => void>();
  const deps = {
    clock: new Clock(() => 1_000_000),
    audit: {
      subscribe: (listener: (event: AuditEvent) => void) => {
        audit.add(listener);
        return () => void audit.delete(listener);
      },
    },
    issuer: { subscribe: () => () => undefined },
  } as unknown as ConsoleDeps;
  return {
    deps,
    record: (n) => {
      for (const listener of audit) listener({ requestId: `r${n}` } as unknown as AuditEvent);
    },
    listeners: () => audit.size,
  };
}

/** Up to `count` chunks of a stream, until it ends. */
async function chunks(body: AsyncIterable<Uint8Array>, count: number): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of body) {
    out.push(Buffer.from(chunk).toString('utf8'));
    if (out.length === count) break;
  }
  return out;
}

describe('the console stream', () => {
  it('sends hello, then each event as it comes, and unsubscribes when the reader stops', async () => {
    const { deps, record, listeners } = fakeDeps();
    const body = consoleStream(deps).body as AsyncIterable<Uint8Array>;
    const iterator = body[Symbol.asyncIterator]();
    assert.match(Buffer.from((await iterator.next()).value as Uint8Array).toString(), /^event: hello\n/);
    record(1);
    record(2);
    assert.match(Buffer.from((await iterator.next()).value as Uint8Array).toString(), /"requestId":"r1"/);
    assert.match(Buffer.from((await iterator.next()).value as Uint8Array).toString(), /"requestId":"r2"/);
    assert.equal(listeners(), 1);
    await iterator.return?.();
    assert.equal(listeners(), 0);
  });

  it('ends with `overflow` when the reader falls 1,000 events behind', async () => {
    const { deps, record, listeners } = fakeDeps();
    const body = consoleStream(deps).body as AsyncIterable<Uint8Array>;
    // The writer takes the iterator when the response starts; the reader then stops reading.
    const iterator = body[Symbol.asyncIterator]();
    for (let n = 0; n < 1500; n++) record(n);
    const all = await chunks({ [Symbol.asyncIterator]: () => iterator }, 10_000);
    assert.deepEqual(all, ['event: overflow\ndata: {}\n\n']);
    assert.equal(listeners(), 0);
  });
});
