/** SigV2 for S3 (aws-behaviour.md §5.4): presigned query form and `Authorization: AWS` header form. */
export { parseSigV2, type ParsedSigV2 } from './parse-sigv2.js';
export { verifySigV2, type SigV2Outcome, type SigV2VerifyInput } from './verify-sigv2.js';
export { sigv2CanonicalResource } from './sigv2-canonical-resource.js';
export { sigv2AuthPath } from './sigv2-auth-path.js';
export { sigv2StringToSign, type SigV2StringToSignParts } from './sigv2-string-to-sign.js';
export { sigv2Signature } from './sigv2-signature.js';
export { SIGV2_SUBRESOURCES } from './sigv2-subresources.js';
