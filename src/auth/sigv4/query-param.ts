/** The decoded value of the first query parameter called exactly `name` (query names are case-sensitive). */
import type { QueryParam } from './types.js';

export function queryParam(params: readonly QueryParam[], name: string): string | undefined {
  for (const param of params) if (param.name === name) return param.value;
  return undefined;
}
