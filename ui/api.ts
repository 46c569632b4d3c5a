/**
 * The console's calls to the lab: the admin API and the console's own `/_iamlab/ui/api/`, all on the page's
 * origin. Off loopback they need the admin token: the page asks for it once, keeps it in sessionStorage (gone
 * when the tab closes, never sent to another origin) and sends it as `Authorization: Bearer` on every call —
 * the live stream included, which is read with `fetch` rather than `EventSource` for that reason, so the
 * token is never put in a URL (design.md "The console").
 */
const TOKEN_KEY = 'iamlab-admin-token';

export class Unauthorized extends Error {}

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token === null ? extra : { ...extra, Authorization: `Bearer ${token}` };
}

/** GET or POST JSON; throws `Unauthorized` on 401 and `ApiError` with the lab's `error` text otherwise. */
export async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    cache: 'no-store',
  });
  if (response.status === 401) throw new Unauthorized('the admin token is missing or wrong');
  const value = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new ApiError(response.status, value.error ?? `the lab answered ${response.status}`);
  return value;
}

export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Follows `/_iamlab/ui/api/stream` until `signal` aborts, reconnecting after a second when the connection
 * drops; `onOpen` runs on each (re)connection, so the caller reloads what it may have missed.
 */
export async function follow(onEvent: (event: StreamEvent) => void, onOpen: () => void, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await fetch('/_iamlab/ui/api/stream', { headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
      if (response.status === 401) throw new Unauthorized('the admin token is missing or wrong');
      if (!response.ok || response.body === null) throw new ApiError(response.status, 'the stream did not open');
      onOpen();
      await readEvents(response.body, onEvent);
    } catch (error) {
      if (error instanceof Unauthorized || signal.aborted) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: StreamEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) type = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) onEvent({ type, data: JSON.parse(data.join('\n')) as unknown });
    }
  }
}
