/**
 * Errors the client is meant to see. One class, created by per-service factories (`errors/sts.ts` …) and
 * written on the wire by exactly one serialiser per protocol (`protocol/*`). Anything else thrown while
 * handling a request is a bug and becomes a 500 `InternalFailure` (see `InternalError`).
 */
interface AwsErrorInit {
  readonly code: string;
  readonly message: string;
  readonly status: number;
  /** Extra elements some codes carry on the wire (S3's `<Key>`, `<StringToSign>`…), in order. */
  readonly extra?: readonly (readonly [string, string])[];
  /** Extra HTTP headers (e.g. `x-amz-bucket-region`). */
  readonly headers?: readonly (readonly [string, string])[];
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly extra: readonly (readonly [string, string])[];
  readonly headers: readonly (readonly [string, string])[];

  constructor(init: AwsErrorInit) {
    super(init.message);
    this.name = 'AwsError';
    this.code = init.code;
    this.status = init.status;
    this.extra = init.extra ?? [];
    this.headers = init.headers ?? [];
  }

  /** Query protocol's `<Type>`: Sender for 4xx, Receiver for 5xx (aws-behaviour.md §0.3). */
  get faultType(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** A bug: never shown to the client beyond a 500 `InternalFailure` with the request id. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}
