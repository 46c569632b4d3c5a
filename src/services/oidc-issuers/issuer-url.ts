/**
 * Which issuer URLs the lab signs for: what IAM accepts as an OIDC provider URL (aws-federation.md §1.2) —
 * `https://`, a host, an optional path, no query or fragment — kept exactly as written (the URL is case-sensitive
 * and not normalised, and a token's `iss` must equal it). Outbound federation issuers belong to their accounts.
 */
const OUTBOUND_ISSUER_SUFFIX = '.tokens.sts.global.api.aws';

export function outboundIssuerUrl(issuerId: string): string {
  return `https://${issuerId}${OUTBOUND_ISSUER_SUFFIX}`;
}

/** Whether `url` names an account's outbound federation issuer (`https://<id>.tokens.sts.global.api.aws`). */
export function isOutboundIssuerUrl(url: string): boolean {
  try {
    return new URL(url).hostname.endsWith(OUTBOUND_ISSUER_SUFFIX);
  } catch {
    return false;
  }
}

/** Why `text` is not an issuer URL the lab can sign for, or undefined when it is. */
export function issuerUrlProblem(text: string): string | undefined {
  if (!text.startsWith('https://')) return `\`${text}\` is not an https:// URL`;
  if (/[\s?#]/.test(text) || text.length > 255) return `\`${text}\` must have no query, fragment or spaces and at most 255 characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `\`${text}\` is not a URL`;
  }
  if (url.hostname === '' || url.username !== '' || url.password !== '') return `\`${text}\` needs a host and no user info`;
  if (isOutboundIssuerUrl(text)) {
    return `\`${text}\` is an account's outbound federation issuer: its tokens come from sts get-web-identity-token`;
  }
  return undefined;
}
