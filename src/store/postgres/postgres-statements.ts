/**
 * The SQL the PostgreSQL store runs. Each has a name, so pg prepares it once per connection and reuses it;
 * statements whose WHERE clause depends on the options present get one name per shape.
 */
import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';
import { eventShapeKey, type EventShape } from '../event-row.js';

type Statement = Pick<QueryConfig, 'name' | 'text'>;

const statement = (name: string, text: string): Statement => ({ name: `iamlab_${name}`, text });

export const pgStatements = {
  get: statement('get', 'SELECT value FROM entries WHERE collection = $1 AND key = $2'),
  put: statement(
    'put',
    `INSERT INTO entries (collection, key, value) VALUES ($1, $2, $3)
     ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value`,
  ),
  insert: statement('insert', 'INSERT INTO entries (collection, key, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING'),
  delete: statement('delete', 'DELETE FROM entries WHERE collection = $1 AND key = $2'),
  // One statement for any number of events; ORDER BY ordinality keeps their seqs in the order given.
  appendEvents: statement(
    'append_events',
    `INSERT INTO events (time_ms, request_id, principal_arn, action, decision, error_code, body)
     SELECT time_ms, request_id, principal_arn, action, decision, error_code, body
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       WITH ORDINALITY AS e (time_ms, request_id, principal_arn, action, decision, error_code, body, n)
     ORDER BY n`,
  ),
  // Keeps the newest N: deletes everything at or below the seq of the (N+1)-th newest event.
  pruneEvents: statement('prune_events', 'DELETE FROM events WHERE seq <= (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET $1)'),
  // Keeps the newest events whose sizes ($2 per row besides the body) add up to at most $1 bytes.
  pruneEventsBytes: statement(
    'prune_events_bytes',
    `DELETE FROM events WHERE seq <= (
       SELECT seq FROM (SELECT seq, SUM(length(body) + $2) OVER (ORDER BY seq DESC) AS total FROM events) AS sized
       WHERE total > $1 ORDER BY seq DESC LIMIT 1)`,
  ),
  eventBytes: statement('event_bytes', 'SELECT COALESCE(SUM(length(body) + $1), 0)::bigint AS total FROM events'),
  // TRUNCATE keeps the identity's position (CONTINUE IDENTITY is the default): seqs are never reused.
  clear: 'TRUNCATE entries, events',
};

// An age in milliseconds ($n, a double) before the server's now: the orphan cut-off (postgres-blob-store.ts).
const olderThan = (param: string): string => `now() - ${param}::double precision * interval '1 millisecond'`;

/** The SQL of the blob store (postgres-blob-store.ts explains the tables and the order of the writes). */
export const blobStatements = {
  // key, first chunk, last chunk: the pointer with the first chunks, in one statement, i.e. one snapshot.
  readHead: statement(
    'blob_read_head',
    `SELECT b.upload_id, b.size, c.n, c.data FROM blobs b
     LEFT JOIN blob_chunks c ON c.upload_id = b.upload_id AND c.n BETWEEN $2 AND $3
     WHERE b.key = $1 ORDER BY c.n`,
  ),
  // upload id, first chunk, last chunk.
  readChunks: statement('blob_read_chunks', 'SELECT n, data FROM blob_chunks WHERE upload_id = $1 AND n BETWEEN $2 AND $3 ORDER BY n'),
  insertChunk: statement('blob_insert_chunk', 'INSERT INTO blob_chunks (upload_id, n, data) VALUES ($1, $2, $3)'),
  countChunks: statement(
    'blob_count_chunks',
    // length() of a bytea stored out of line reads its size from the pointer, not the bytes.
    'SELECT count(*)::integer AS chunks, COALESCE(sum(length(data)), 0)::bigint AS bytes FROM blob_chunks WHERE upload_id = $1',
  ),
  // key, upload id, size, the only chunk (null: the chunks are in already, or there are none). The pointer
  // switches to the new upload and the old upload's chunks go, in one statement. The order of the sub-statements
  // matters (the old pointer row must be gone before the new one goes in) and PostgreSQL leaves the order of
  // data-modifying WITH queries open, so the insert reads count(*) of `old`: an aggregate has consumed all of
  // `old` before it yields its row. A concurrent writer of the same key makes this fail with a unique violation;
  // the caller tries again.
  put: statement(
    'blob_put',
    `WITH chunk AS (
       INSERT INTO blob_chunks (upload_id, n, data) SELECT $2::uuid, 0, $4::bytea WHERE $4::bytea IS NOT NULL
     ), old AS (
       DELETE FROM blobs WHERE key = $1::text RETURNING upload_id
     ), put AS (
       INSERT INTO blobs (key, upload_id, size, created_at) SELECT $1::text, $2::uuid, $3::bigint, now() FROM (SELECT count(*) FROM old) AS after_old
     )
     DELETE FROM blob_chunks WHERE upload_id IN (SELECT upload_id FROM old)`,
  ),
  deleteUpload: statement('blob_delete_upload', 'DELETE FROM blob_chunks WHERE upload_id = $1'),
  delete: statement(
    'blob_delete',
    `WITH gone AS (DELETE FROM blobs WHERE key = $1 RETURNING upload_id),
     chunks AS (DELETE FROM blob_chunks WHERE upload_id IN (SELECT upload_id FROM gone))
     SELECT count(*)::integer AS n FROM gone`,
  ),
  exists: statement('blob_exists', 'SELECT 1 FROM blobs WHERE key = $1'),
  // age (ms), after key (null: from the first), limit.
  oldKeys: statement(
    'blob_old_keys',
    `SELECT key FROM blobs WHERE created_at < ${olderThan('$1')} AND ($2::text IS NULL OR key > $2::text) ORDER BY key LIMIT $3`,
  ),
  // keys, age (ms).
  deleteOld: statement(
    'blob_delete_old',
    `WITH gone AS (DELETE FROM blobs WHERE key = ANY($1::text[]) AND created_at < ${olderThan('$2')} RETURNING upload_id),
     chunks AS (DELETE FROM blob_chunks WHERE upload_id IN (SELECT upload_id FROM gone))
     SELECT count(*)::integer AS n FROM gone`,
  ),
  // age (ms): uploads without a pointer whose newest chunk is older than that.
  abandonedUploads: statement(
    'blob_abandoned_uploads',
    `SELECT c.upload_id FROM blob_chunks c
     WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.upload_id = c.upload_id)
     GROUP BY c.upload_id HAVING max(c.created_at) < ${olderThan('$1')}`,
  ),
  // upload id, age (ms): the same conditions again, checked under the upload's lock.
  deleteAbandoned: statement(
    'blob_delete_abandoned',
    `DELETE FROM blob_chunks WHERE upload_id = $1
       AND NOT EXISTS (SELECT 1 FROM blobs WHERE upload_id = $1)
       AND (SELECT max(created_at) FROM blob_chunks WHERE upload_id = $1) < ${olderThan('$2')}`,
  ),
  clear: 'TRUNCATE blobs, blob_chunks',
};

const shaped = new Map<string, Statement>();

/**
 * PostgreSQL truncates a statement name to 63 bytes, so two long shape names could meet: a long one keeps its
 * head and gets a digest of the whole for a tail.
 */
function shapeName(key: string): string {
  const name = key.replace(/[^a-z0-9]+/gi, '_');
  return name.length <= 48 ? name : `${name.slice(0, 36)}_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

function shapedStatement(key: string, text: () => string): Statement {
  let found = shaped.get(key);
  if (found === undefined) {
    found = statement(shapeName(key), text());
    shaped.set(key, found);
  }
  return found;
}

/** Parameters: collection, lower bound, [upper bound], [after], limit (null: none). */
export function listStatement(hasUpper: boolean, hasAfter: boolean): Statement {
  return shapedStatement(`list ${hasUpper ? 'upper' : ''} ${hasAfter ? 'after' : ''}`, () => {
    const clauses = ['collection = $1', 'key >= $2'];
    if (hasUpper) clauses.push(`key < $${clauses.length + 1}`);
    if (hasAfter) clauses.push(`key > $${clauses.length + 1}`);
    return `SELECT key, value FROM entries WHERE ${clauses.join(' AND ')} ORDER BY key LIMIT $${clauses.length + 1}`;
  });
}

/** Parameters: collection, lower bound, [upper bound]. */
export function countStatement(hasUpper: boolean): Statement {
  return shapedStatement(`count ${hasUpper ? 'upper' : ''}`, () =>
    hasUpper
      ? 'SELECT COUNT(*) AS n FROM entries WHERE collection = $1 AND key >= $2 AND key < $3'
      : 'SELECT COUNT(*) AS n FROM entries WHERE collection = $1 AND key >= $2',
  );
}

/**
 * Parameters: afterSeq, beforeSeq, fromTimeMs, toTimeMs, requestId, principalArn (each only when present), then
 * limit (null: none).
 */
export function eventsStatement(shape: EventShape): Statement {
  return shapedStatement(`events ${eventShapeKey(shape)}`, () => {
    const where: string[] = [];
    if (shape.afterSeq) where.push(`seq > $${where.length + 1}`);
    if (shape.beforeSeq) where.push(`seq < $${where.length + 1}`);
    if (shape.fromTimeMs) where.push(`time_ms >= $${where.length + 1}`);
    if (shape.toTimeMs) where.push(`time_ms <= $${where.length + 1}`);
    if (shape.requestId) where.push(`request_id = $${where.length + 1}`);
    if (shape.principalArn) where.push(`principal_arn = $${where.length + 1}`);
    const limit = `$${where.length + 1}`;
    // Same expression as the partial index events_denied, so the planner can use it.
    if (shape.deniedOnly) where.push("(decision IS DISTINCT FROM 'Allowed' OR error_code IS NOT NULL)");
    return [
      'SELECT seq, time_ms, request_id, principal_arn, action, decision, error_code, body FROM events',
      where.length > 0 ? `WHERE ${where.join(' AND ')}` : '',
      `ORDER BY seq ${shape.newestFirst ? 'DESC' : 'ASC'} LIMIT ${limit}`,
    ].join(' ');
  });
}
