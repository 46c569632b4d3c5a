/**
 * Header lookup on the raw header list, the one way the code reads headers. The raw list (Node's `rawHeaders`,
 * never its merged `headers`) keeps duplicates and order, which SigV4 needs: Node drops or re-joins
 * duplicates differently per header (aws-behaviour.md §6.2). Names match case-insensitively.
 */
type HeaderList = readonly (readonly [string, string])[];

/** Every value of one header, in the order received. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of headers) if (key.length === wanted.length && key.toLowerCase() === wanted) values.push(value);
  return values;
}

/** The first value of one header. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (key.length === wanted.length && key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Whether a header is present. */
export function hasHeader(headers: HeaderList, name: string): boolean {
  return headerValue(headers, name) !== undefined;
}
