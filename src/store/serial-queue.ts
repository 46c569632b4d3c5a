/**
 * Runs asynchronous tasks one after another. The SQLite store has one synchronous connection and a
 * transaction spans `await`s, so a second transaction must not start until the first has committed or
 * rolled back; otherwise its statements would land inside the first one's BEGIN … COMMIT.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one to settle, whatever the outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
