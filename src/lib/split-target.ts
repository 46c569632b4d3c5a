/**
 * Splits a request target into its raw path and raw query, both undecoded (aws-behaviour.md §6.2 needs the path as sent for
 * S3). An absolute-form target (`http://host/path?q`, sent to proxies) is reduced to its path and query.
 */
interface SplitTarget {
  readonly path: string;
  readonly query: string;
}

const SLASH = 0x2f;
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/;

export function splitTarget(rawTarget: string): SplitTarget {
  // Origin form (`/path?query`), what every client sends to a server, needs no rewriting.
  const target = rawTarget.charCodeAt(0) === SLASH ? rawTarget : rawTarget.replace(ABSOLUTE_FORM, '');
  const mark = target.indexOf('?');
  return mark === -1 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}
