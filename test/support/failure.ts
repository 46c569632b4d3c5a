/** How the end-to-end tests look at an SDK error: AWS's wire code, the HTTP status and the message. */
interface Failure {
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
}

/**
 * The error a call fails with (throws if it succeeds). The JS SDK names modelled errors after their exception
 * class (`NoSuchEntityException`) and keeps the wire code in `Code` when it has one.
 */
export async function failure(call: () => Promise<unknown>): Promise<Failure> {
  try {
    await call();
  } catch (error) {
    const e = error as Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.Code ?? e.name.replace(/Exception$/, ''), status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}
