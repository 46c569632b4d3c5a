/**
 * The change feed of the PostgreSQL store (port.ts `ChangeFeed`; design.md "One lab on many nodes").
 *
 * - **Order**: a change is numbered by incrementing the one-row `change_head` inside the writer's transaction,
 *   which holds the store lock (store-lock.ts): seqs are gap-free and a change with a higher seq committed
 *   later. Reading the head is one indexed row, cheap enough for every request.
 * - **Announcement**: `pg_notify` in the same transaction, so the notification goes out when, and only if, the
 *   transaction commits. Its payload is JSON `{"seq", "node", "part"}`; the body is read from `changes` (a
 *   notification's payload is limited to 8,000 bytes).
 * - **Pruning**: the newest `KEPT_CHANGES` rows are kept; a node further behind than that reloads everything.
 * - **Listening**: a connection of its own (a pooled one would be handed to transactions); its loss is reported
 *   once, and the node reloads, since notifications sent meanwhile are gone.
 */
import pg from 'pg';
import type { Pool } from 'pg';
import { InternalError } from '../../errors/aws-error.js';
import { checkText } from '../input-checks.js';
import { decodeJson, encodeJson } from '../json-codec.js';
import type { ChangeFeed, FeedChange, Tx } from '../port.js';
import { PostgresTx } from './postgres-tx.js';

/** How many changes stay readable: a node further behind reloads instead of catching up. */
const KEPT_CHANGES = 10_000;
/** Pruning runs with every this many changes. */
const PRUNE_EVERY = 500;

const statements = {
  head: { name: 'iamlab_change_head', text: 'SELECT seq FROM change_head' },
  since: { name: 'iamlab_changes_since', text: 'SELECT seq, node, part, body FROM changes WHERE seq > $1 ORDER BY seq' },
  append: {
    name: 'iamlab_change_append',
    text: `WITH head AS (UPDATE change_head SET seq = seq + 1 RETURNING seq),
                added AS (INSERT INTO changes (seq, node, part, body) SELECT seq, $1, $2, $3 FROM head RETURNING seq)
           SELECT seq, pg_notify($4, json_build_object('seq', seq, 'node', $1::text, 'part', $2::text)::text) FROM added`,
  },
  prune: { name: 'iamlab_changes_prune', text: 'DELETE FROM changes WHERE seq <= $1' },
};

interface ChangeRow {
  readonly seq: string;
  readonly node: string;
  readonly part: string;
  readonly body: string;
}

/** Runs a pool query with the store's outage handling (PostgresStore's guard). */
type Guarded = <T>(operation: string, task: () => Promise<T>) => Promise<T>;

export class PostgresChangeFeed implements ChangeFeed {
  readonly #pool: Pool;
  readonly #channel: string;
  readonly #guarded: Guarded;

  constructor(pool: Pool, schemaHash: number, guarded: Guarded) {
    this.#pool = pool;
    // One channel per schema, as the store lock: labs in other schemas of the database are other labs.
    this.#channel = `iamlab_changes_${(schemaHash >>> 0).toString(16)}`;
    this.#guarded = guarded;
  }

  head(): Promise<number> {
    return this.#guarded('changes.head', async () => {
      const result = await this.#pool.query<{ seq: string }>(statements.head);
      return Number(result.rows[0]?.seq ?? 0);
    });
  }

  async since(seq: number, tx?: Tx): Promise<FeedChange[] | undefined> {
    const rows =
      tx === undefined
        ? await this.#guarded('changes.since', () => this.#readSince(seq))
        : await this.#txOf(tx).rows<ChangeRow>(statements.since, [seq]);
    const changes = rows.map((row) => ({ seq: Number(row.seq), node: row.node, part: row.part, body: decodeJson(row.body) }));
    const first = changes[0];
    if (first !== undefined) return first.seq === seq + 1 ? changes : undefined;
    // None after `seq`: up to date, unless the head is further on and its rows were pruned.
    const head = tx === undefined ? await this.head() : Number((await this.#txOf(tx).rows<{ seq: string }>(statements.head, []))[0]?.seq ?? 0);
    return head > seq ? undefined : [];
  }

  async append(tx: Tx, change: Omit<FeedChange, 'seq'>): Promise<number> {
    const pgTx = this.#txOf(tx);
    const values = [checkText(change.node, 'node'), checkText(change.part, 'part'), encodeJson(change.body, 'change body'), this.#channel];
    const rows = await pgTx.rows<{ seq: string }>(statements.append, values);
    const seq = Number(rows[0]?.seq);
    if (!Number.isSafeInteger(seq)) throw new InternalError('the change feed did not number a change');
    if (seq % PRUNE_EVERY === 0 && seq > KEPT_CHANGES) await pgTx.rows(statements.prune, [seq - KEPT_CHANGES]);
    return seq;
  }

  async listen(onChange: (seq: number) => void, onLost: (error: unknown) => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ ...this.#pool.options, keepAlive: true });
    let stopped = false;
    let lost = false;
    const lose = (error: unknown): void => {
      if (stopped || lost) return;
      lost = true;
      onLost(error);
      client.end().catch(() => undefined);
    };
    client.on('error', lose);
    client.on('end', () => lose(new Error('the notification connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== this.#channel || message.payload === undefined) return;
      const seq = Number((JSON.parse(message.payload) as { seq?: unknown }).seq);
      if (Number.isSafeInteger(seq)) onChange(seq);
    });
    try {
      await this.#guarded('changes.listen', async () => {
        await client.connect();
        await client.query(`LISTEN "${this.#channel}"`);
      });
    } catch (error) {
      stopped = true;
      await client.end().catch(() => undefined);
      throw error;
    }
    return async () => {
      stopped = true;
      await client.end().catch(() => undefined);
    };
  }

  async #readSince(seq: number): Promise<ChangeRow[]> {
    return (await this.#pool.query<ChangeRow>({ ...statements.since, values: [seq] })).rows;
  }

  #txOf(tx: Tx): PostgresTx {
    if (!(tx instanceof PostgresTx)) throw new InternalError('a change can only be appended in a transaction of its own store');
    return tx;
  }
}
