/** aws-chunked decoding and S3 body verification (aws-behaviour.md §5.3), as async transforms. */
export { ByteReader } from './byte-reader.js';
export { chunkSignature, trailerSignature, type ChunkSigningContext } from './chunk-signature.js';
export { checksumAlgorithmForHeader, createChecksumHasher, type ChecksumAlgorithm, type ChecksumHasher } from './checksum-hasher.js';
export { chunkedErrors } from './chunked-errors.js';
export { decodeAwsChunked, type DecodeAwsChunkedOptions } from './decode-aws-chunked.js';
export { payloadModeFor, type ChunkedFraming, type PayloadMode } from './payload-mode-for.js';
export { verifyPlainBody, type PlainBodyExpectations } from './verify-plain-body.js';
