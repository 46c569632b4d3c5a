/**
 * Bounds the session records (store/repos/sessions-repo.ts): one is written per issued session, about
 * 0.8 KB each, and a lab that issues sessions all day would otherwise grow its store without end. Beyond
 * `maxRecords`, the records that expire first are removed — off the request path, every tenth of the bound
 * (at least every 2,000 issues), in transactions of a few hundred deletions so that requests interleave.
 * A removed record costs nothing a client sees: authentication opens the token itself, and GetAccessKeyInfo
 * reads the account from the key id.
 * Counting the records reads the whole collection (about 400 ms for a million on the reference machine, on
 * the event loop), so a due trim is skipped while an upper bound on their number is within `maxRecords`: the
 * last count plus the sessions issued since (the issuer is the only writer; a reset only lowers the number).
 * A lab whose only writer of session records is this issuer (one node, `soleWriter`) knows that number exactly
 * after a count — every issue adds one, every trim removes what it says, a reset empties the collection
 * (`cleared`) — so its trims count again only every tenth time: at the bound, a count per 2,000 issues cost each
 * AssumeRole ~20 µs (100,000 records). A session committed just before a count and told just after it is
 * tallied twice: the tally may run a few over, and a trim then removes a few more than the bound asks. On several
 * nodes the others write too, and every trim counts.
 */
import { retentionInterval } from '../../lib/retention-interval.js';
import type { Store } from '../../store/port.js';
import { sessionsRepo } from '../../store/repos/sessions-repo.js';

interface SessionRetentionOptions {
  readonly maxRecords: number;
  /** True when this issuer is the only writer of the session records (one node): see above. */
  readonly soleWriter?: boolean;
  readonly onError?: (error: unknown) => void;
}

const BATCH = 500;
/** With a sole writer, every this many trims count the records again (a check on the tally). */
const RECOUNT_EVERY = 10;

export class SessionRetention {
  readonly #store: Store;
  readonly #options: SessionRetentionOptions;
  #sinceTrim = 0;
  #trimming: Promise<void> | undefined;
  /** At least as many records as are stored, once a trim has counted them; undefined before. */
  #atMost: number | undefined;
  /** Trims since the last count. */
  #sinceCount = 0;

  constructor(store: Store, options: SessionRetentionOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Counts one issued session; starts a trim in the background when it is due. */
  issued(): void {
    if (this.#atMost !== undefined) this.#atMost += 1;
    this.#sinceTrim += 1;
    if (this.#sinceTrim < retentionInterval(this.#options.maxRecords)) return;
    if (this.#trimming !== undefined) return;
    this.#sinceTrim = 0;
    if (this.#atMost !== undefined && this.#atMost <= this.#options.maxRecords) return;
    this.#trimming = this.trim()
      .then(
        () => undefined,
        (error: unknown) => this.#options.onError?.(error),
      )
      .finally(() => {
        this.#trimming = undefined;
      });
  }

  /** Removes the records beyond the bound, earliest expiry first; how many were removed. */
  async trim(): Promise<number> {
    let removed = 0;
    // Records an older lab keyed by access key id alone cannot be ordered by expiry: they go first, once.
    for (let done = BATCH; done === BATCH; removed += done) done = await this.#store.transaction((tx) => sessionsRepo.removeLegacy(tx, BATCH));
    const known = this.#options.soleWriter === true && this.#sinceCount < RECOUNT_EVERY && removed === 0 ? this.#atMost : undefined;
    this.#sinceCount = known === undefined ? 0 : this.#sinceCount + 1;
    const counted = known ?? (await this.#store.transaction((tx) => sessionsRepo.count(tx)));
    // Sessions issued from here on are added by issued().
    this.#atMost = counted;
    let excess = counted - this.#options.maxRecords;
    while (excess > 0) {
      const limit = Math.min(excess, BATCH);
      const done = await this.#store.transaction((tx) => sessionsRepo.removeEarliestExpiring(tx, limit));
      removed += done;
      excess -= done;
      this.#atMost -= done;
      if (done < limit) {
        // Fewer records than the tally said: count them next time.
        this.#atMost = undefined;
        break;
      }
    }
    return removed;
  }

  /** The records were all removed (a reset, after `settled`): none are left. */
  cleared(): void {
    if (this.#atMost !== undefined) this.#atMost = 0;
  }

  /** Resolves when a trim under way has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    await this.#trimming;
  }
}
