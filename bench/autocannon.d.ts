// The few parts of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface RequestSpec {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    /** A fixed number of requests, shared out evenly among the connections; `duration` is then ignored. */
    amount?: number;
    /** How often, in ms, it samples (and so notices that `amount` is done); default 1000. */
    sampleInt?: number;
    /** `setupRequest` builds each request as it is sent, from the defaults (host, port…) it is handed. */
    requests?: (RequestSpec | { setupRequest: (defaults: object) => RequestSpec })[];
  }
  interface Result {
    requests: { average: number };
    latency: { p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    '2xx': number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
