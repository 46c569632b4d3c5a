/** The load generator: autocannon replaying pre-signed requests (a SigV4 signature stays valid 15 minutes). */
import autocannon from 'autocannon';

export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p99Ms: number;
}

/**
 * autocannon writes Host and Content-Length itself; sending ours too would duplicate them (a 400 from Node's
 * parser). Its values are the same bytes we signed.
 */
function forAutocannon(request: LoadRequest): LoadRequest {
  return {
    ...request,
    headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))),
  };
}

export async function load(url: string, requests: readonly LoadRequest[], seconds: number, connections = 16): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, requests: requests.map(forAutocannon) });
  return {
    requestsPerSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    p99Ms: result.latency.p99,
  };
}

interface CountedLoad {
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Answers other than 2xx, connection errors and timeouts. */
  readonly failed: number;
}

/**
 * Exactly `amount` requests over `connections` keep-alive connections: one request replayed, or `next()` called
 * for each request as it is sent (requests that cannot be replayed, such as one-time MFA codes).
 */
export async function loadCount(url: string, request: LoadRequest | (() => LoadRequest), amount: number, connections = 16): Promise<CountedLoad> {
  // What setupRequest returns replaces the request whole: autocannon's defaults (host, port) are kept under it.
  const spec =
    typeof request === 'function' ? { setupRequest: (defaults: object) => ({ ...defaults, ...forAutocannon(request()) }) } : forAutocannon(request);
  const started = performance.now();
  // autocannon notices the end of a fixed amount at its next sample: every 10 ms rather than every second.
  const result = await autocannon({ url, connections, amount, sampleInt: 10, requests: [spec] });
  const seconds = (performance.now() - started) / 1000;
  const failed = Math.max(result.non2xx + result.errors + result.timeouts, amount - result['2xx']);
  return { seconds, requestsPerSecond: result['2xx'] / seconds, failed };
}

/**
 * A simpler load generator on node:http's Agent, for servers that close every connection (moto's
 * development server answers `Connection: close`, which autocannon handles with long pauses). Used for both
 * sides of a comparison, never mixed with autocannon figures.
 */
export async function loadWithAgent(url: string, requests: readonly LoadRequest[], seconds: number, connections = 8): Promise<LoadResult> {
  const { Agent, request } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const latencies: number[] = [];
  const worker = async (offset: number): Promise<void> => {
    for (let i = offset; performance.now() < deadline; i += connections) {
      const spec = requests[i % requests.length] as LoadRequest;
      const started = performance.now();
      const status = await new Promise<number>((resolve) => {
        const req = request(
          { host: target.hostname, port: target.port, method: spec.method, path: spec.path, headers: spec.headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(spec.body);
      });
      latencies.push(performance.now() - started);
      if (status >= 200 && status < 300) done++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => worker(i)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: done / seconds,
    non2xx: failed,
    errors: 0,
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
  };
}
