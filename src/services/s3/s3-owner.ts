/**
 * S3 names owners by a 64-hex canonical user id, not the account id. The lab derives one per account so
 * it is stable across restarts and different for every account.
 */
import { createHash } from 'node:crypto';

export function canonicalUserId(account: string): string {
  return createHash('sha256').update(`iamlab-canonical-user:${account}`).digest('hex');
}

export function ownerOf(account: string): { ID: string; DisplayName: string } {
  return { ID: canonicalUserId(account), DisplayName: account };
}
