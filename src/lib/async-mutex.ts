/**
 * One-at-a-time execution across `await`s: a state view's mutation reads memory, writes the store and then
 * updates memory, and a SQLite transaction spans awaits on one connection, so two of either must never
 * interleave. Each task starts when the one before it has settled, whatever its outcome.
 */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * One AsyncMutex per key, made on first use and forgotten once its last task has settled (the metadata
 * service serialises each instance's credential work, and instances come and go).
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.#tails.get(key) ?? Promise.resolve()).then(task, task);
    const settled = result.catch(() => undefined);
    this.#tails.set(key, settled);
    void settled.then(() => {
      if (this.#tails.get(key) === settled) this.#tails.delete(key);
    });
    return result;
  }
}
