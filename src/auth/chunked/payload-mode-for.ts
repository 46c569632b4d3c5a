/**
 * What an S3 request's `x-amz-content-sha256` says about its body (aws-behaviour.md §5.3): a hex hash to
 * verify, no hash, or one of the aws-chunked framings. SigV4 itself only uses the value as the payload hash;
 * this decides how the body must be read.
 */
export type ChunkedFraming = 'signed' | 'signed-trailer' | 'unsigned-trailer';

export type PayloadMode =
  | { readonly kind: 'hex'; readonly sha256: string }
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'chunked'; readonly framing: ChunkedFraming }
  | { readonly kind: 'unsupported'; readonly value: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

export function payloadModeFor(contentSha256: string | undefined): PayloadMode {
  if (contentSha256 === undefined || contentSha256 === 'UNSIGNED-PAYLOAD') return { kind: 'unsigned' };
  switch (contentSha256) {
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return { kind: 'chunked', framing: 'signed' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'chunked', framing: 'signed-trailer' };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'chunked', framing: 'unsigned-trailer' };
    default: {
      const lower = contentSha256.toLowerCase();
      // ECDSA (SigV4a) streaming and anything else is not emulated.
      return HEX_SHA256.test(lower) ? { kind: 'hex', sha256: lower } : { kind: 'unsupported', value: contentSha256 };
    }
  }
}
