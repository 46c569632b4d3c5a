/**
 * The `Tx` of the SQLite store. better-sqlite3 is synchronous, so each method runs its statement at once
 * and returns a settled promise; the store's queue guarantees no other transaction is open meanwhile.
 */
import { InternalError } from '../../errors/aws-error.js';
import { checkCollection, checkListOptions, checkText } from '../input-checks.js';
import { decodeJson, encodeJson } from '../json-codec.js';
import { prefixUpperBound } from '../key-range.js';
import type { Entry, Json, ListOptions, Tx } from '../port.js';
import type { EntryRow, SqliteStatements } from './sqlite-statements.js';

export class SqliteTx implements Tx {
  #finished = false;

  readonly #statements: SqliteStatements;

  readonly #checkValues: boolean;

  /** `checkValues`: refuse values that are not JSON (json-codec.ts). */
  constructor(statements: SqliteStatements, checkValues: boolean) {
    this.#statements = statements;
    this.#checkValues = checkValues;
  }

  /** Called when the transaction commits or rolls back: later calls are bugs in the caller. */
  finish(): void {
    this.#finished = true;
  }

  async get<T extends Json>(collection: string, key: string): Promise<T | undefined> {
    this.#checkOpen();
    const text = this.#statements.get.get(checkCollection(collection), checkText(key, 'key'));
    return text === undefined ? undefined : decodeJson<T>(text);
  }

  async put(collection: string, key: string, value: Json): Promise<void> {
    this.#checkOpen();
    this.#statements.put.run(checkCollection(collection), checkText(key, 'key'), encodeJson(value, 'value', this.#checkValues));
  }

  async insert(collection: string, key: string, value: Json): Promise<boolean> {
    this.#checkOpen();
    const result = this.#statements.insert.run(checkCollection(collection), checkText(key, 'key'), encodeJson(value, 'value', this.#checkValues));
    return result.changes > 0;
  }

  async delete(collection: string, key: string): Promise<boolean> {
    this.#checkOpen();
    return this.#statements.delete.run(checkCollection(collection), checkText(key, 'key')).changes > 0;
  }

  async list<T extends Json>(collection: string, options?: ListOptions): Promise<Entry<T>[]> {
    this.#checkOpen();
    const name = checkCollection(collection);
    const { prefix, after, limit } = checkListOptions(options);
    const upper = prefixUpperBound(prefix);
    const params: (string | number)[] = [name, prefix];
    if (upper !== undefined) params.push(upper);
    if (after !== undefined) params.push(after);
    params.push(limit ?? -1);
    const rows = this.#statements.list(upper !== undefined, after !== undefined).all(...params) as EntryRow[];
    return rows.map((row) => ({ key: row.key, value: decodeJson<T>(row.value) }));
  }

  async count(collection: string, prefix?: string): Promise<number> {
    this.#checkOpen();
    const lower = prefix === undefined ? '' : checkText(prefix, 'prefix');
    const upper = prefixUpperBound(lower);
    const params = upper === undefined ? [checkCollection(collection), lower] : [checkCollection(collection), lower, upper];
    return this.#statements.count(upper !== undefined).get(...params) as number;
  }

  #checkOpen(): void {
    if (this.#finished) throw new InternalError('transaction already finished: a `tx` cannot be used after its transaction');
  }
}
