/**
 * Which admin targets are the console's (`/_iamlab/ui…`). Kept apart from the console itself so that the
 * admin API can tell without loading it: a lab whose console is never opened never loads its code
 * (design.md "The console", "Performance budget").
 */
export const CONSOLE_PREFIX = '/_iamlab/ui';

export function isConsoleTarget(rawTarget: string): boolean {
  if (!rawTarget.startsWith(CONSOLE_PREFIX)) return false;
  const next = rawTarget.charAt(CONSOLE_PREFIX.length);
  return next === '' || next === '/' || next === '?';
}
