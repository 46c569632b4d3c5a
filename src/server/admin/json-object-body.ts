/**
 * An admin request's JSON body as an object, or the one-line reason it is not (every admin route that takes a
 * body answers these two the same way). `emptyIsObject`: an empty body stands for `{}` (the routes whose members
 * are all optional).
 */
export function jsonObjectBody(body: Buffer, options: { readonly emptyIsObject?: boolean } = {}): Record<string, unknown> | string {
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text === '' && options.emptyIsObject === true ? '{}' : text);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be a JSON object';
  return value as Record<string, unknown>;
}
