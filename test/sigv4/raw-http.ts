/**
 * Reads the raw HTTP/1.1 text of the SigV4 test suite into a SignableRequest, the way Node hands a request
 * to iamlab: the target as written, header pairs in order with surrounding whitespace removed, and an
 * obsolete line fold (a line starting with whitespace) joined to the previous value with one space.
 * The request line may contain spaces inside the target (`GET /example space/ HTTP/1.1`).
 */
import type { SignableRequest } from '../../src/auth/sigv4/index.js';

interface RawHttp {
  readonly request: SignableRequest;
  readonly body: string;
}

export function parseRawHttp(text: string): RawHttp {
  const blank = text.indexOf('\n\n');
  const head = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const firstSpace = requestLine.indexOf(' ');
  const lastSpace = requestLine.lastIndexOf(' ');
  const method = requestLine.slice(0, firstSpace);
  const rawTarget = requestLine.slice(firstSpace + 1, lastSpace);
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (line === '') continue;
    const previous = headers.at(-1);
    if (/^[ \t]/.test(line) && previous !== undefined) {
      previous[1] = `${previous[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { request: { method, rawTarget, headers }, body };
}
