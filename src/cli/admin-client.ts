/** How every command other than `serve` reaches the running lab: its admin API over HTTP. */
export interface AdminClient {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  delete(path: string): Promise<unknown>;
}

export class AdminRequestError extends Error {
  /** The admin API's HTTP status, when it answered. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'AdminRequestError';
    this.status = status;
  }
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';

export function adminClient(endpoint: string, token: string | undefined): AdminClient {
  const base = endpoint.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}/_iamlab/${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new AdminRequestError(`no lab answers at ${base}: start one with \`npm start\` (or \`iamlab serve\`), or pass --endpoint`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AdminRequestError(`${base} answered ${response.status} with something that is not iamlab's admin API`);
    }
    if (!response.ok) {
      const message = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : `status ${response.status}`;
      throw new AdminRequestError(message, response.status);
    }
    return parsed;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body), delete: (path) => call('DELETE', path) };
}
