/**
 * Detects a store being called from inside one of its own transactions (`store.transaction(async () =>
 * store.transaction(…))`, or `store.appendEvents` inside `fn`). On one serialised connection that call would
 * wait for the transaction that is waiting for it: a silent deadlock. It is refused with an error instead.
 *
 * The check needs an `AsyncLocalStorage`, and on Node 20 the first one in a process turns on async hooks
 * for every promise, timer and socket write the process makes: measured, a few percent of every request.
 * So it is a debugging check, like an assertion: on in the test suite (`IAMLAB_STORE_CHECKS=1`, set by
 * `npm test`, and the store contract asks for it) and for anyone chasing a hang; off in a lab serving requests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { InternalError } from '../errors/aws-error.js';

interface Scope {
  active: boolean;
}

export class ReentryGuard {
  readonly #scopes: AsyncLocalStorage<Scope> | undefined;

  constructor(enabled: boolean) {
    this.#scopes = enabled ? new AsyncLocalStorage<Scope>() : undefined;
  }

  /** Runs `task`, marking everything it calls, until it settles, as being inside this store's work. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#scopes === undefined) return task();
    const scope: Scope = { active: true };
    try {
      return await this.#scopes.run(scope, task);
    } finally {
      // Work that `task` started and left running (a timer, an unawaited promise) may use the store later.
      scope.active = false;
    }
  }

  /** Throws when called (synchronously or not) from a task that `run` is still running. */
  check(operation: string): void {
    if (this.#scopes?.getStore()?.active === true) {
      throw new InternalError(`${operation} called inside a transaction of the same store: use the transaction's \`tx\` (this would deadlock)`);
    }
  }
}
