/**
 * The `Tx` of the PostgreSQL store: every method runs on the transaction's one client. Methods may be called
 * without awaiting the previous one (port.ts), but a pg client must not be given a query while another is
 * running (deprecated in pg 8, removed in pg 9), so the queries go through a queue of their own.
 */
import type { PoolClient, QueryConfig } from 'pg';
import { InternalError } from '../../errors/aws-error.js';
import { checkCollection, checkListOptions, checkText } from '../input-checks.js';
import { decodeJson, encodeJson } from '../json-codec.js';
import { prefixUpperBound } from '../key-range.js';
import { AsyncMutex } from '../../lib/async-mutex.js';
import type { Entry, Json, ListOptions, Tx } from '../port.js';
import { countStatement, listStatement, pgStatements } from './postgres-statements.js';

type Statement = Pick<QueryConfig, 'name' | 'text'>;

export class PostgresTx implements Tx {
  #finished = false;
  readonly #queue = new AsyncMutex();

  readonly #client: PoolClient;

  readonly #checkValues: boolean;

  /** `checkValues`: refuse values that are not JSON (json-codec.ts). */
  constructor(client: PoolClient, checkValues: boolean) {
    this.#client = client;
    this.#checkValues = checkValues;
  }

  /**
   * Called when `fn` has settled: refuses further calls, and resolves once the queries already called
   * (perhaps never awaited) are done, so that COMMIT or ROLLBACK comes after them.
   */
  finish(): Promise<unknown> {
    this.#finished = true;
    return this.#queue.run(async () => undefined);
  }

  async get<T extends Json>(collection: string, key: string): Promise<T | undefined> {
    const rows = await this.#run<{ value: string }>(pgStatements.get, [checkCollection(collection), checkText(key, 'key')]);
    const row = rows[0];
    return row === undefined ? undefined : decodeJson<T>(row.value);
  }

  async put(collection: string, key: string, value: Json): Promise<void> {
    await this.#run(pgStatements.put, [checkCollection(collection), checkText(key, 'key'), encodeJson(value, 'value', this.#checkValues)]);
  }

  async insert(collection: string, key: string, value: Json): Promise<boolean> {
    const params = [checkCollection(collection), checkText(key, 'key'), encodeJson(value, 'value', this.#checkValues)];
    return (await this.#runCount(pgStatements.insert, params)) > 0;
  }

  async delete(collection: string, key: string): Promise<boolean> {
    return (await this.#runCount(pgStatements.delete, [checkCollection(collection), checkText(key, 'key')])) > 0;
  }

  async list<T extends Json>(collection: string, options?: ListOptions): Promise<Entry<T>[]> {
    const name = checkCollection(collection);
    const { prefix, after, limit } = checkListOptions(options);
    const upper = prefixUpperBound(prefix);
    const params: (string | number | null)[] = [name, prefix];
    if (upper !== undefined) params.push(upper);
    if (after !== undefined) params.push(after);
    params.push(limit ?? null);
    const rows = await this.#run<{ key: string; value: string }>(listStatement(upper !== undefined, after !== undefined), params);
    return rows.map((row) => ({ key: row.key, value: decodeJson<T>(row.value) }));
  }

  async count(collection: string, prefix?: string): Promise<number> {
    const name = checkCollection(collection);
    const lower = prefix === undefined ? '' : checkText(prefix, 'prefix');
    const upper = prefixUpperBound(lower);
    const params = upper === undefined ? [name, lower] : [name, lower, upper];
    const rows = await this.#run<{ n: string }>(countStatement(upper !== undefined), params);
    return Number(rows[0]?.n ?? 0);
  }

  /** Runs one of the store's own statements in this transaction (the change feed's). */
  rows<R extends object>(statement: Statement, values: unknown[]): Promise<R[]> {
    return this.#run<R>(statement, values);
  }

  async #run<R extends object>(statement: Statement, values: unknown[]): Promise<R[]> {
    this.#checkOpen();
    const result = await this.#queue.run(() => this.#client.query<R>({ ...statement, values }));
    return result.rows;
  }

  async #runCount(statement: Statement, values: unknown[]): Promise<number> {
    this.#checkOpen();
    const result = await this.#queue.run(() => this.#client.query({ ...statement, values }));
    return result.rowCount ?? 0;
  }

  #checkOpen(): void {
    if (this.#finished) throw new InternalError('transaction already finished: a `tx` cannot be used after its transaction');
  }
}
