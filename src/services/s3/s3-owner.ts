/**
 * S3 names owners by a 64-hex canonical user id, not the account id. The lab derives one per account so
 * it is stable across restarts and different for every account.
 */
import { createHash } from 'node:crypto';

export function canonicalUserId(account: string): string {
  return createHash('sha256').update(`iamlab-canonical-user:${account}`).digest('hex');
}

/**
 * The `<Owner>` of every S3 answer: the canonical id alone. S3 stopped sending `DisplayName` by 21 November 2025
 * (S3-API Owner, "End of support notice"); answers recorded in February 2026 have none (aws-behaviour.md §9.7).
 */
export function ownerOf(account: string): { ID: string } {
  return { ID: canonicalUserId(account) };
}
