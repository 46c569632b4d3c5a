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
