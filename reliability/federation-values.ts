/**
 * Values and request shapes the federation surfaces of the fuzzer share: odd strings, durations and policies,
 * indexed list parameters, and query requests signed with the lab's root keys or sent unsigned as federation
 * callers send them, each with the codes its answer may carry (fuzz-expect.ts).
 */
import type { FederationLab } from './federation-lab.js';
import { queryCodes } from './fuzz-expect.js';
import type { Family, FuzzRequest } from './fuzz-wire.js';
import { FORM_TYPE, form, sign } from './fuzz-wire.js';
import { nestedJson } from './hostile-jwt.js';
import type { Random } from './lab-process.js';

export type FederationFamily = Extract<Family, 'federation' | 'providers' | 'federation-admin' | 'agents'>;

export type Pairs = [string, string][];

const ODD = ['', ' ', 'a\u0000b', 'a\u0001b', '\ud800', '\uffff', '😀', 'x'.repeat(2049), '%00', '*', '<x>&amp;', 'a\r\nb', '-1', '1e309', 'NaN'];

export const odd = (r: Random): string => r.pick(ODD);
export const maybe = (r: Random, p: number, good: string, bad: () => string): string => (r.chance(p) ? bad() : good);

export function oddDuration(r: Random): string {
  return r.pick(['900', '899', '3600', '43200', '43201', '129600', '0', '-1', 'abc', '1e3', '3600.5', '99999999999999999999', '']);
}

export function policy(r: Random): string {
  return r.pick([
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'x'.repeat(3000) }] }),
    '{',
    'null',
    nestedJson(3000, 'array'),
    '',
  ]);
}

/** The signed query request, or an unsigned one (`unsigned`) as federation callers send it. */
export async function queryRequest(
  fed: FederationLab,
  family: FederationFamily,
  service: 'sts' | 'iam',
  operation: string,
  pairs: Pairs,
  r: Random,
  unsigned = false,
): Promise<FuzzRequest> {
  const all: Pairs = [['Action', operation], ['Version', service === 'sts' ? '2011-06-15' : '2010-05-08'], ...pairs];
  // Now and then a required parameter goes missing, or one comes twice.
  if (r.chance(0.05)) all.splice(2 + r.int(Math.max(1, all.length - 2)), 1);
  if (r.chance(0.03) && all.length > 2) all.push(all[2 + r.int(all.length - 2)] ?? ['x', 'y']);
  const body = form(all);
  const expect = { kind: 'query', operation, codes: queryCodes(service, operation) } as const;
  if (unsigned) {
    const headers: [string, string][] = [['content-type', FORM_TYPE]];
    if (r.chance(0.1)) headers.push(['authorization', r.pick(['', 'AWS4-HMAC-SHA256 garbage', 'Bearer x'])]);
    if (r.chance(0.05)) headers.push(['x-amz-security-token', r.pick(['', 'garbage'])]);
    return { family, method: 'POST', target: '/', headers, body: Buffer.from(body), expect };
  }
  const headers = await sign(service, 'POST', '/', {}, { 'content-type': FORM_TYPE }, body, fed.lab.port);
  return { family, method: 'POST', target: '/', headers: Object.entries(headers), body: Buffer.from(body), expect };
}

export function list(r: Random, name: string, values: () => string, sizes: readonly number[]): Pairs {
  return Array.from({ length: r.pick(sizes) }, (_, i): [string, string] => [`${name}.member.${i + 1}`, values()]);
}

export function tags(r: Random): Pairs {
  return Array.from({ length: r.pick([0, 0, 1, 2, 51]) }, (_, i): [string, string][] => [
    [`Tags.member.${i + 1}.Key`, maybe(r, 0.2, `k${i}`, () => odd(r))],
    [`Tags.member.${i + 1}.Value`, maybe(r, 0.2, 'v', () => odd(r))],
  ]).flat();
}
