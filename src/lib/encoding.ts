/** RFC 3986 percent-encoding as AWS uses it (unreserved: A-Z a-z 0-9 - _ . ~); space is %20, never '+'. */
export function uriEncode(value: string, encodeSlash = true): string {
  let out = '';
  for (const ch of value) {
    if (/^[A-Za-z0-9\-_.~]$/.test(ch) || (!encodeSlash && ch === '/')) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Whole-second ISO-8601 in UTC: `2024-05-01T10:15:42Z` (STS, IMDS and IAM timestamps). */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Millisecond ISO-8601 in UTC: `2024-05-01T10:15:42.123Z` (EC2 and S3 timestamps). */
export function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** SigV4's basic format: `20150830T123600Z`. */
export function amzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

let lastHttpDateSecond = Number.NaN;
let lastHttpDate = '';

/**
 * RFC 1123 date for HTTP headers: `Sun, 30 Aug 2015 12:36:00 GMT`. Every response carries one, and the text
 * changes once a second, so the last second's text is remembered (a memo of a pure function).
 */
export function httpDate(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== lastHttpDateSecond) {
    lastHttpDate = new Date(epochMs).toUTCString();
    lastHttpDateSecond = second;
  }
  return lastHttpDate;
}
