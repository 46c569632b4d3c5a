/**
 * The request as read off the socket, once, before any interpretation (design.md "One request", step 1),
 * and the response as it will be written. Nothing here knows about AWS.
 */
export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as sent. */
  readonly rawTarget: string;
  /** Header pairs exactly as sent, in order (Node's rawHeaders; never the merged `headers`). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** True when the body exceeded the cap and was not read whole. */
  readonly bodyTooLarge: boolean;
  /**
   * A body left unread on the socket (S3 PUTs: objects and parts may be gigabytes): `body` is then empty
   * and whoever needs the bytes iterates this once. Reading it first answers `Expect: 100-continue`.
   */
  readonly stream?: RequestBodyStream;
  readonly remoteAddress: string;
  readonly secure: boolean;
}

export interface RequestBodyStream extends AsyncIterable<Uint8Array> {
  /** True once something began reading the body. */
  readonly started: boolean;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** Text or bytes, or a stream (GetObject) written as it comes, its length already in the headers. */
  readonly body: string | Buffer | AsyncIterable<Uint8Array>;
}
