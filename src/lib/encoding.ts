/** Characters encodeURIComponent leaves as they are that RFC 3986 reserves: `!'()*`. */
const SUB_DELIMS = /[!'()*]/g;
/** A surrogate without its other half (not a character: UTF-8 writes U+FFFD for it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * RFC 3986 percent-encoding as AWS uses it (unreserved: A-Z a-z 0-9 - _ . ~); space is %20, never '+'.
 * encodeURIComponent does the work (it is native: IAM's answers encode every policy document they carry,
 * and a character-by-character loop was ~5% of GetRole's CPU); it leaves `!'()*` alone, which are encoded
 * here, and throws on a lone surrogate, which is then encoded as UTF-8 encodes it (U+FFFD).
 */
export function uriEncode(value: string, encodeSlash = true): string {
  let out: string;
  try {
    out = encodeURIComponent(value);
  } catch {
    out = encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
  out = out.replace(SUB_DELIMS, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return encodeSlash ? out : out.replaceAll('%2F', '/');
}

/**
 * A formatter of whole seconds that remembers its last two answers: under load the same seconds are formatted
 * request after request, and an answer often carries two (a GetObject's `Date` and `Last-Modified`, an
 * AssumeRole's expiry and the `Date` header), which would evict each other from a single slot.
 */
function bySecond(format: (second: number) => string): (epochMs: number) => string {
  let newest = Number.NaN;
  let newestText = '';
  let older = Number.NaN;
  let olderText = '';
  return (epochMs) => {
    const second = Math.floor(epochMs / 1000);
    if (second === newest) return newestText;
    if (second === older) return olderText;
    older = newest;
    olderText = newestText;
    newest = second;
    newestText = format(second);
    return newestText;
  };
}

/** Whole-second ISO-8601 in UTC: `2024-05-01T10:15:42Z` (STS, IMDS and IAM timestamps). */
export const isoSeconds = bySecond((second) => new Date(second * 1000).toISOString().replace('.000Z', 'Z'));

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

/** RFC 1123 date for HTTP headers: `Sun, 30 Aug 2015 12:36:00 GMT` (every response carries one). */
export const httpDate = bySecond((second) => new Date(second * 1000).toUTCString());
