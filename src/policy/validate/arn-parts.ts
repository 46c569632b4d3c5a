/**
 * Shared facts about ARNs in policies. Partitions: the ones AWS documents (IAM-UG reference_identifiers);
 * a resource naming any other partition is rejected (recorded cases 21–25).
 */
export const PARTITIONS: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/**
 * A partition field is acceptable when it names a known partition or is a wildcard pattern: AWS managed
 * policies use `arn:*:logs:…` (test data: aws-managed-policies.json).
 */
export function isPolicyPartition(partition: string): boolean {
  return PARTITIONS.has(partition) || (/[*?]/.test(partition) && /^[a-z0-9*?-]+$/.test(partition));
}

/**
 * AWS echoes a resource in its partition message with the first field replaced by `arn` and missing fields
 * filled with `*`: `a:b:cadfsdf` → `arn:b:cadfsdf:*:*:*` (recorded cases 21–24).
 */
export function paddedArn(parts: readonly string[]): string {
  const filled = ['arn', ...parts.slice(1)];
  while (filled.length < 6) filled.push('*');
  return filled.join(':');
}
