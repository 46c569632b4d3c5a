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

export async function load(url: string, requests: readonly LoadRequest[], seconds: number, connections = 16): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    // autocannon writes Host and Content-Length itself; sending ours too would duplicate them (a 400 from
    // Node's parser). Its values are the same bytes we signed.
    requests: requests.map((request) => ({
      ...request,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))),
    })),
  });
  return {
    requestsPerSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    p99Ms: result.latency.p99,
  };
}
