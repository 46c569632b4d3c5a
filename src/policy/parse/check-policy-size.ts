import type { PolicyIssue } from './policy-issue.js';

/**
 * IAM's size quotas count characters with whitespace excluded (aws-behaviour.md §2.1, §2.2: trust policy
 * 2048 `Cannot exceed quota for ACLSizePerRole: 2048`, managed policy 6144 `Cannot exceed quota for
 * PolicySize: 6144`, inline aggregate per user/role/group). The caller passes the limit and AWS's message for
 * its operation; aggregate quotas pass the concatenation of the documents (or sum `policySizeWithoutWhitespace`).
 */
export function checkPolicySize(text: string, limit: number, message: string): PolicyIssue | undefined {
  return policySizeWithoutWhitespace(text) > limit ? { code: 'LimitExceeded', message } : undefined;
}

/** Characters (Unicode code points) that are not whitespace. */
export function policySizeWithoutWhitespace(text: string): number {
  let size = 0;
  for (const c of text) if (!/\s/u.test(c)) size += 1;
  return size;
}
