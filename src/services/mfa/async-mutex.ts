/**
 * One-at-a-time execution for MfaState's mutations: each reads the in-memory state, writes the store and
 * then updates memory, so two must never interleave across their `await`s.
 */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // The next task waits for this one to settle, whatever its outcome.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
