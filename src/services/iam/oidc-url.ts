/**
 * CreateOpenIDConnectProvider's `Url` (aws-federation.md §1.2): `https://`, a host, optionally a path; no query
 * string. IAM keeps the URL as given — case and a trailing slash included — and names the provider by it without
 * the scheme. Anything else is 400 `ValidationError` `Invalid Open ID Connect Provider URL` [R: a URL without a
 * scheme; U: `http://`, a query or fragment, an empty host, spaces — taken to answer the same]. A port is
 * discouraged by the model's documentation but not known to be refused, so it is accepted.
 */
import { iamErrors } from './iam-errors.js';
import type { AwsError } from '../../errors/aws-error.js';

const SCHEME = 'https://';

/** The provider's name (the URL without `https://`), or undefined when IAM refuses the URL. */
export function oidcProviderName(url: string): string | undefined {
  if (!url.startsWith(SCHEME)) return undefined;
  const rest = url.slice(SCHEME.length);
  // Printable ASCII without spaces; no query string or fragment.
  if (!/^[\x21-\x7e]+$/.test(rest) || rest.includes('?') || rest.includes('#')) return undefined;
  if (rest.startsWith('/')) return undefined;
  try {
    return new URL(url).hostname === '' ? undefined : rest;
  } catch {
    return undefined;
  }
}

export const invalidOidcUrl = (): AwsError => iamErrors.validation('Invalid Open ID Connect Provider URL');
