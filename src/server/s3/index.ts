/** S3 request-side helpers the gateway calls (aws-behaviour.md §5.1, §5.4, §7.6). */
export { isS3Request } from './is-s3-request.js';
export { checkSigV2Presigned } from './check-s3-presigned.js';
export { s3AclContextKeys, s3ContextKeys, type S3SigningFacts } from './s3-context-keys.js';
