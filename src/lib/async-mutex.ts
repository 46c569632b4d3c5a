/**
 * One-at-a-time execution across `await`s: a state view's mutation reads memory, writes the store and then
 * updates memory, so two of them must never interleave. Each task starts when the one before it has settled,
 * whatever its outcome.
 */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
