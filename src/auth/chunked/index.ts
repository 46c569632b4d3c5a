/** aws-chunked decoding and S3 body verification (aws-behaviour.md §5.3), as async transforms. */

export { createChecksumHasher } from './checksum-hasher.js';
export { chunkedErrors } from './chunked-errors.js';
export { decodeAwsChunked, type DecodeAwsChunkedOptions } from './decode-aws-chunked.js';
export { payloadModeFor, type PayloadMode } from './payload-mode-for.js';
export { verifyPlainBody } from './verify-plain-body.js';
