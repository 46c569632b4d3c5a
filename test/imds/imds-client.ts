/** Raw HTTP against an instance's metadata listener, as curl or an SDK would send it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo-root.js';

interface ImdsReply {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

export async function imds(endpoint: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<ImdsReply> {
  const response = await fetch(`${endpoint}${path}`, { method: init.method ?? 'GET', headers: init.headers ?? {} });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

export async function token(endpoint: string, ttl = '21600'): Promise<string> {
  const reply = await imds(endpoint, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl } });
  if (reply.status !== 200) throw new Error(`token PUT answered ${reply.status}`);
  return reply.body;
}

export function golden(name: string): string {
  return readFileSync(join(repoRoot(), 'test/vectors/imds/e2e-golden', name), 'utf8');
}

/** `<title>` of an XHTML page. */
export function title(page: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(page)?.[1];
}
