/**
 * SigV4 verification (aws-behaviour.md §6): pure functions, one per spec step, plus the public entry points
 * `parseSignature` → `payloadHashFor` → `verifySignature`, and `checkSkew` for the wall-clock window.
 */
export * from './constants.js';
export type { CredentialScope, ParsedSigV4, SignableRequest, SignatureParse, UriRule } from './types.js';
export { type SignatureProblem } from './signature-problem.js';

// Entry points.
export { parseSignature } from './parse-signature.js';
export { payloadHashFor } from './payload-hash-for.js';
export { verifySignature } from './verify-signature.js';
export { checkSkew } from './check-skew.js';
export { checkPresignedWindow } from './check-presigned-window.js';
export { SigningKeyCache } from './signing-key-cache.js';
export { signRequest } from './sign-request.js';

// The steps, each usable alone.
export { parseQuery } from './parse-query.js';
export { queryParam } from './query-param.js';
export { percentDecode } from './percent-decode.js';
export { encodeRfc3986 } from './encode-rfc3986.js';
export { normalizePath } from './normalize-path.js';
export { uriRuleFor } from './uri-rule-for.js';
export { canonicalUri } from './canonical-uri.js';
export { canonicalQueryString } from './canonical-query-string.js';
export { canonicalHeaderValue } from './canonical-header-value.js';
export { canonicalHeaders } from './canonical-headers.js';
export { signedHeadersLine } from './signed-headers-line.js';
export { canonicalRequest } from './canonical-request.js';
export { credentialScopeString } from './credential-scope-string.js';
export { stringToSign } from './string-to-sign.js';
export { deriveSigningKey } from './derive-signing-key.js';
export { computeSignature } from './compute-signature.js';
export { sha256Hex } from './sha256-hex.js';
export { parseAmzDate } from './parse-amz-date.js';
export { parseHttpDate } from './parse-http-date.js';

export { parseSignedHeaders } from './parse-signed-headers.js';
