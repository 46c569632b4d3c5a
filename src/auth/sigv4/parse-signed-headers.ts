/** `host;x-amz-date` → `['host', 'x-amz-date']`, lower-cased, empty names dropped, order kept. */
export function parseSignedHeaders(text: string): string[] {
  return text
    .split(';')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}
