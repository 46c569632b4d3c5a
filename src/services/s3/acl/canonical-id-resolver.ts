/** Canonical user id → lab account, for ACL grants that name one (aws-behaviour.md §9.6). */
import type { S3Deps } from '../s3-deps.js';
import { canonicalUserId } from '../s3-owner.js';
import type { CanonicalIdResolver } from './requested-acl.js';

/** The deps' resolver when the app gives one; the caller's account and the buckets' owners in any case. */
export function canonicalIdResolver(deps: S3Deps, callerAccount: string, bucketOwner?: string): CanonicalIdResolver {
  return (id) => {
    for (const account of [callerAccount, bucketOwner]) if (account !== undefined && canonicalUserId(account) === id) return account;
    return deps.accountOfCanonicalId?.(id);
  };
}
