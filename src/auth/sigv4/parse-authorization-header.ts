/**
 * Splits `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` (§6.1) into the algorithm and its
 * components. AWS separates on commas *and* whitespace: a stray space inside a value shows up as a piece
 * without `=` (iann0036/cloud9-sync#10), which is reported as such. The first occurrence of a name wins.
 *
 * One pass over the characters (every signed request comes through here). Whitespace is what `\s` and
 * `String.prototype.trim` mean in JavaScript; the algorithm ends at the first whitespace (a comma right
 * after it stays part of it), the pieces after it are separated by runs of whitespace and commas.
 */
export type AuthorizationHeaderParse =
  | { readonly kind: 'ok'; readonly algorithm: string; readonly components: ReadonlyMap<string, string> }
  | { readonly kind: 'missing-equals'; readonly component: string };

export function parseAuthorizationHeader(value: string): AuthorizationHeaderParse {
  const end = value.length;
  let at = 0;
  while (at < end && isWhitespace(value.charCodeAt(at))) at++;
  const algorithmStart = at;
  while (at < end && !isWhitespace(value.charCodeAt(at))) at++;
  const algorithm = value.slice(algorithmStart, at);
  const components = new Map<string, string>();
  while (at < end) {
    while (at < end && isSeparator(value.charCodeAt(at))) at++;
    if (at === end) break;
    const start = at;
    let eq = -1;
    while (at < end && !isSeparator(value.charCodeAt(at))) {
      if (eq === -1 && value.charCodeAt(at) === 0x3d) eq = at;
      at++;
    }
    if (eq === -1) return { kind: 'missing-equals', component: value.slice(start, at) };
    const name = value.slice(start, eq);
    if (!components.has(name)) components.set(name, value.slice(eq + 1, at));
  }
  return { kind: 'ok', algorithm, components };
}

function isSeparator(code: number): boolean {
  return code === 0x2c || isWhitespace(code);
}

/** ECMAScript WhiteSpace and LineTerminator: the characters `\s` matches. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
