/**
 * How the PostgreSQL store makes transactions serialisable: every transaction, event append, prune and
 * clear first takes one transaction-scoped advisory lock per schema, under READ COMMITTED. Holders run one
 * at a time, and each statement sees every transaction committed before the lock was granted, so the
 * history is serial (the port's promise) without SERIALIZABLE's retries.
 *
 * Why not SERIALIZABLE with retries: a retry runs `fn` again, and callers' `fn`s may have effects outside the
 * database (the in-memory view); contended counters (50 concurrent increments) need dozens of retries; and
 * event seqs from a sequence would become visible out of order, so a follower reading `afterSeq` could skip
 * an event. The cost is that transactions of one lab do not run in parallel, as with SQLite.
 *
 * READ COMMITTED is required: a REPEATABLE READ or SERIALIZABLE snapshot is taken by the first statement,
 * i.e. before the lock wait ends, and would miss the previous holder's writes.
 */

/** The lock's first key: "iaml" in ASCII; the second is `hashtext(<schema name>)`. */
const STORE_LOCK_CLASS = 0x69616d6c;

/** One simple-protocol round trip that opens a transaction and waits for the lock. */
export function beginLockedSql(schemaHash: number): string {
  if (!Number.isInteger(schemaHash)) throw new Error(`schema hash must be an integer, got ${schemaHash}`);
  return `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${STORE_LOCK_CLASS}, ${schemaHash})`;
}
