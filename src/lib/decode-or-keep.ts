/**
 * A percent-encoded path segment decoded, or kept as sent when it is not valid percent-encoding (`%ff`, `%`):
 * `decodeURIComponent` throws a URIError on those, and a route that let it through answered 500.
 */
export function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
