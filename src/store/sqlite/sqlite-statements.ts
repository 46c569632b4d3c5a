/**
 * Every statement the SQLite store runs, prepared once per connection. Statements whose WHERE clause depends
 * on which options are present are prepared per shape on first use and cached.
 */
import type Database from 'better-sqlite3';
import { eventShapeKey, type EventShape } from '../event-row.js';

export interface EntryRow {
  readonly key: string;
  readonly value: string;
}

export class SqliteStatements {
  readonly begin: Database.Statement;
  readonly commit: Database.Statement;
  readonly rollback: Database.Statement;
  readonly get: Database.Statement<[string, string], string>;
  readonly put: Database.Statement<[string, string, string]>;
  readonly insert: Database.Statement<[string, string, string]>;
  readonly delete: Database.Statement<[string, string]>;
  readonly clearEntries: Database.Statement;
  readonly #shaped = new Map<string, Database.Statement>();

  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    // IMMEDIATE: take the write lock at BEGIN, so a transaction never fails half-way on a lock upgrade.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.get = db.prepare<[string, string], string>('SELECT value FROM entries WHERE collection = ? AND key = ?').pluck();
    this.put = db.prepare(
      `INSERT INTO entries (collection, key, value) VALUES (?, ?, ?)
       ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value`,
    );
    this.insert = db.prepare('INSERT INTO entries (collection, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.delete = db.prepare('DELETE FROM entries WHERE collection = ? AND key = ?');
    this.clearEntries = db.prepare('DELETE FROM entries');
  }

  /** Parameters: collection, lower bound, [upper bound], [after], limit (-1: none). */
  list(hasUpper: boolean, hasAfter: boolean): Database.Statement {
    return this.#shape(`list:${hasUpper}:${hasAfter}`, () =>
      [
        'SELECT key, value FROM entries WHERE collection = ? AND key >= ?',
        hasUpper ? 'AND key < ?' : '',
        hasAfter ? 'AND key > ?' : '',
        'ORDER BY key LIMIT ?',
      ].join(' '),
    );
  }

  /** Parameters: collection, lower bound, [upper bound]. */
  count(hasUpper: boolean): Database.Statement {
    return this.#shape(`count:${hasUpper}`, () =>
      ['SELECT COUNT(*) FROM entries WHERE collection = ? AND key >= ?', hasUpper ? 'AND key < ?' : ''].join(' '),
    ).pluck();
  }

  /**
   * Parameters in this order, each only when its shape flag is set: afterSeq, beforeSeq, fromTimeMs, toTimeMs,
   * requestId, principalArn; then limit.
   */
  events(shape: EventShape): Database.Statement {
    const key = `events:${eventShapeKey(shape)}`;
    return this.#shape(key, () => {
      const where = [
        shape.afterSeq ? 'seq > ?' : '',
        shape.beforeSeq ? 'seq < ?' : '',
        shape.fromTimeMs ? 'time_ms >= ?' : '',
        shape.toTimeMs ? 'time_ms <= ?' : '',
        shape.requestId ? 'request_id = ?' : '',
        shape.principalArn ? 'principal_arn = ?' : '',
        // Same expression as the partial index events_denied, so the planner can use it.
        shape.deniedOnly ? "(decision IS NOT 'Allowed' OR error_code IS NOT NULL)" : '',
      ].filter((clause) => clause !== '');
      return [
        'SELECT seq, time_ms, request_id, principal_arn, action, decision, error_code, body FROM events',
        where.length > 0 ? `WHERE ${where.join(' AND ')}` : '',
        `ORDER BY seq ${shape.newestFirst ? 'DESC' : 'ASC'} LIMIT ?`,
      ].join(' ');
    });
  }

  #shape(key: string, sql: () => string): Database.Statement {
    let statement = this.#shaped.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(sql());
      this.#shaped.set(key, statement);
    }
    return statement;
  }
}
