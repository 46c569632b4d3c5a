/** S3 request-side helpers the gateway calls (aws-behaviour.md §5.1, §5.4, §7.6). */
export { isS3Request, type S3RouteDecision, type S3RouteReason } from './is-s3-request.js';
export {
  checkSigV2Presigned,
  type PresignClock,
  type PresignedCheck,
  type PresignSession,
  type SigV2PresignInput,
} from './check-s3-presigned.js';
export { s3ContextKeys, type S3AuthType, type S3SignatureVersion, type S3SigningFacts } from './s3-context-keys.js';
