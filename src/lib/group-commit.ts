/**
 * Group commit: writes that arrive together share one transaction, and each caller's promise settles when
 * the transaction holding its item has committed (or failed) — so a caller that awaits `add` has the same
 * guarantee as one that ran a transaction of its own, at a fraction of the cost when many write at once.
 * The first item waits one turn of the event loop (`setImmediate`) so that the requests read in the same
 * turn join it; items arriving while a commit runs form the next batch.
 */
interface Waiting<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  readonly #commit: (items: readonly T[]) => Promise<void>;
  #waiting: Waiting<T>[] = [];
  #running: Promise<void> | undefined;

  constructor(commit: (items: readonly T[]) => Promise<void>) {
    this.#commit = commit;
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#running ??= this.#run();
    });
  }

  /** Resolves once everything added so far has been committed or has failed. */
  async settled(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #run(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await this.#commit(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.#running = undefined;
  }
}
