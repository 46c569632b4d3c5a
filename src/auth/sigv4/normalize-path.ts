/**
 * Path normalisation for every service except S3 (§6.2): `.` segments and empty segments (from `//`) are
 * dropped and `..` removes the segment before it (never going above the root). A leading `/` is kept, and a
 * trailing `/` too when anything is left: `//example//` → `/example/`, `/a/b/../..` → `/`.
 */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + segments.join('/') + trail;
}
