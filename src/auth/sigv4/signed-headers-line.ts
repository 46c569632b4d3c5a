/** Step 1e (§6.2): the signed header names, lower-case, joined with `;`. */
export function signedHeadersLine(signedHeaders: readonly string[]): string {
  return signedHeaders.join(';');
}
