/**
 * Every value of one header, in the order received. `lowerName` must be lower-case. Works on the raw header
 * list because Node's merged `req.headers` drops or re-joins duplicates differently per header (§6.2).
 */
export function headerValues(headers: readonly (readonly [string, string])[], lowerName: string): string[] {
  const values: string[] = [];
  for (const [name, value] of headers) if (name.length === lowerName.length && name.toLowerCase() === lowerName) values.push(value);
  return values;
}
