/**
 * One transaction on a pooled client: `beginSql` (BEGIN and the lock it takes), then `work`, then COMMIT when it
 * resolves or ROLLBACK when it throws. A client whose ROLLBACK fails has an unusable connection (server gone,
 * protocol error) and is discarded rather than given back to the pool. Shared by the store and the blob store.
 */
import type { Pool, PoolClient } from 'pg';
import { InternalError } from '../../errors/aws-error.js';

export async function inPooledTransaction<T>(pool: Pool, beginSql: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(beginSql);
    const result = await work(client);
    const commit = await client.query('COMMIT');
    // COMMIT of a transaction in which a statement failed (and `work` caught it) quietly rolls back.
    if (commit.command !== 'COMMIT') {
      throw new InternalError('PostgreSQL rolled the transaction back: a statement in it had failed');
    }
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
