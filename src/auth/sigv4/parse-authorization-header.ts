/**
 * Splits `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` (§6.1) into the algorithm and its
 * components. AWS separates on commas *and* whitespace: a stray space inside a value shows up as a piece
 * without `=` (iann0036/cloud9-sync#10), which is reported as such. The first occurrence of a name wins.
 */
type AuthorizationHeaderParse =
  | { readonly kind: 'ok'; readonly algorithm: string; readonly components: ReadonlyMap<string, string> }
  | { readonly kind: 'missing-equals'; readonly component: string };

const SEPARATORS = /[\s,]+/;

export function parseAuthorizationHeader(value: string): AuthorizationHeaderParse {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  const rest = space === -1 ? '' : trimmed.slice(space + 1);
  const components = new Map<string, string>();
  for (const piece of rest.split(SEPARATORS)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq === -1) return { kind: 'missing-equals', component: piece };
    const name = piece.slice(0, eq);
    if (!components.has(name)) components.set(name, piece.slice(eq + 1));
  }
  return { kind: 'ok', algorithm, components };
}
