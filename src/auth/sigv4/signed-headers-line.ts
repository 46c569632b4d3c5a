/**
 * Step 1e (§6.2): the signed header names, lower-case, joined with `;`. The lists come from
 * `parseSignedHeaders`, which hands the same frozen array to every request that sends the same list, so
 * the line is remembered per array (a WeakMap: a list nobody holds any more takes its line with it).
 */
const lines = new WeakMap<readonly string[], string>();

export function signedHeadersLine(signedHeaders: readonly string[]): string {
  const known = lines.get(signedHeaders);
  if (known !== undefined) return known;
  const line = signedHeaders.join(';');
  if (Object.isFrozen(signedHeaders)) lines.set(signedHeaders, line);
  return line;
}
