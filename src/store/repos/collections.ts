/**
 * Collection names and key schemes, in one place so that every repository and migration agrees.
 * Keys sort in byte order; numeric parts are zero-padded so that order is meaningful.
 */
export const COLLECTIONS = {
  meta: 'meta',
  clockChanges: 'clock-changes',
  accounts: 'accounts',
  accessKeys: 'access-keys',
  /** The lab's SAML identity provider: its key, certificate and entity ID (services/saml-idp). */
  samlIdp: 'saml-idp',
} as const;

/** Zero-padded decimal, so that lexical order equals numeric order for non-negative integers. */
export function sortableNumber(value: number, width = 16): string {
  return Math.max(0, Math.trunc(value)).toString().padStart(width, '0');
}
