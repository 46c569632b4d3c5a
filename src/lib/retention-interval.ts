/**
 * How often a bounded collection (the audit trail, the session records) is pruned: every tenth of its bound,
 * at least every 2,000 additions (with large entries a tenth of 100,000 would let it pass its bound by tens of
 * megabytes between prunes), and not more often than every 100.
 */
export function retentionInterval(bound: number): number {
  return Math.max(100, Math.min(bound / 10, 2_000));
}
