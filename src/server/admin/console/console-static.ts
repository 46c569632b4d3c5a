/**
 * The console's files: a fixed manifest of the few files the build writes to `dist/bundle/ui/`
 * (scripts/bundle.js), so no part of a request's path ever becomes a file path. Each is read on first
 * request and kept; answers carry an ETag (revalidated, not cached blindly: a rebuilt package must not be
 * mixed with an old page) and headers that keep the page to the lab itself: its Content-Security-Policy
 * allows scripts, styles and connections to the lab's own origin only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headerValue } from '../../../lib/headers.js';
import type { RawRequest, RawResponse } from '../../raw-http.js';

/** Served name → content type. The page is `index.html`, served at `/_iamlab/ui` and `/_iamlab/ui/`. */
const MANIFEST: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  [
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  ],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
];

interface LoadedFile {
  readonly bytes: Buffer;
  readonly etag: string;
}

const loaded = new Map<string, LoadedFile>();

/**
 * `dist/bundle/ui/`, found from this module's own place: it runs either bundled (`dist/bundle/*.js`) or as
 * tsc wrote it (`dist/src/server/admin/console/`, the tests), both under the package's `dist/`.
 */
function uiDirectory(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (basename(dir) !== 'dist') {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  const ui = join(dir, 'bundle', 'ui');
  return existsSync(join(ui, 'index.html')) ? ui : undefined;
}

function load(name: string): LoadedFile | undefined {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  const dir = uiDirectory();
  if (dir === undefined) return undefined;
  const bytes = readFileSync(join(dir, name));
  const file = { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` };
  loaded.set(name, file);
  return file;
}

/** The file `name` of the manifest, or undefined when `name` is not one of them. */
export function staticFile(raw: RawRequest, name: string): RawResponse | undefined {
  const type = MANIFEST[name];
  if (type === undefined || !Object.hasOwn(MANIFEST, name)) return undefined;
  if (raw.method !== 'GET' && raw.method !== 'HEAD') return text(405, `use GET for ${name}`);
  const file = load(name);
  if (file === undefined) return text(503, 'the console was not built: run `npm run build`');
  const headers: (readonly [string, string])[] = [['ETag', file.etag], ['Cache-Control', 'no-cache'], ...SECURITY_HEADERS];
  if (headerValue(raw.headers, 'if-none-match') === file.etag) return { status: 304, headers, body: '' };
  return {
    status: 200,
    headers: [['Content-Type', type], ['Content-Length', String(file.bytes.length)], ...headers],
    body: raw.method === 'HEAD' ? '' : file.bytes,
  };
}

function text(status: number, message: string): RawResponse {
  return {
    status,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Length', String(Buffer.byteLength(message))],
    ],
    body: message,
  };
}
