/**
 * The paths a benchmark runs, chosen by an environment variable (`BENCH_CPU_PATHS=mfa,presigned`): those whose
 * names contain one of its comma-separated parts, case-insensitive; all of them when it is unset or empty.
 */
export function pathFilter(variable: string): (name: string) => boolean {
  const parts = (process.env[variable] ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '');
  return (name) => parts.length === 0 || parts.some((part) => name.toLowerCase().includes(part));
}
