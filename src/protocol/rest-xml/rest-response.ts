/**
 * A serialised REST response as data for the gateway: status, headers in order, and a body that is
 * either text the codec wrote or the streaming value the service handed back (GetObject's bytes), which
 * the codec never touches. Content-Length is the gateway's to set.
 */
import type { StreamingBody } from '../model.js';

export type RestBody =
  | { readonly kind: 'empty' }
  | { readonly kind: 'xml'; readonly text: string }
  /** A string payload sent as-is (GetBucketPolicy's policy document). */
  | { readonly kind: 'text'; readonly text: string }
  /** A non-streaming blob payload. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'stream'; readonly body: StreamingBody };

export interface RestResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: RestBody;
}
