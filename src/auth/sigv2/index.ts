/** SigV2 for S3 (aws-behaviour.md §5.4): presigned query form and `Authorization: AWS` header form. */
export { parseSigV2, type ParsedSigV2 } from './parse-sigv2.js';
export { verifySigV2 } from './verify-sigv2.js';
export { sigv2CanonicalResource } from './sigv2-canonical-resource.js';
export { sigv2AuthPath } from './sigv2-auth-path.js';
export { parseSigV2Date } from './parse-sigv2-date.js';
