/**
 * application/x-www-form-urlencoded → ordered name/value pairs, for query and EC2 POST bodies and for GET
 * query strings (aws-behaviour.md §0.2). `+` is a space; a malformed `%` escape or bytes that are not UTF-8
 * make the whole request malformed rather than being passed on half-decoded.
 */
import type { AwsError } from '../errors/aws-error.js';
import { queryErrors } from '../errors/common.js';

export type FormPairs = readonly (readonly [string, string])[];

type DecodeFormResult = { readonly kind: 'ok'; readonly params: FormPairs } | { readonly kind: 'error'; readonly error: AwsError };

export function decodeForm(body: string): DecodeFormResult {
  const params: (readonly [string, string])[] = [];
  if (body === '') return { kind: 'ok', params };
  for (const segment of body.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq === -1 ? segment : segment.slice(0, eq);
    const rawValue = eq === -1 ? '' : segment.slice(eq + 1);
    const name = formComponent(rawName);
    const value = formComponent(rawValue);
    if (name === undefined || value === undefined) {
      // [U] AWS's exact text for this case is not documented; the code is the documented common error.
      return { kind: 'error', error: queryErrors.malformedQueryString(`invalid percent-encoding in \`${segment}\``) };
    }
    params.push([name, value]);
  }
  return { kind: 'ok', params };
}

function formComponent(raw: string): string | undefined {
  const spaced = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}
