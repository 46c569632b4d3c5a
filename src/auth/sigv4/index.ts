/**
 * SigV4 verification (aws-behaviour.md §6): pure functions, one per spec step, plus the public entry points
 * `parseSignature` → `payloadHashFor` → `verifySignature`, and `checkSkew` for the wall-clock window.
 */
export * from './constants.js';
export type {
  CredentialScope,
  ParsedSigV4,
  QueryParam,
  SignableRequest,
  SignatureParse,
  SkewCheck,
  UriRule,
  VerifyOutcome,
} from './types.js';
export { signatureProblem, type AuthForm, type ProblemText, type SignatureProblem } from './signature-problem.js';

// Entry points.
export { parseSignature } from './parse-signature.js';
export { payloadHashFor } from './payload-hash-for.js';
export { verifySignature, type VerifyOptions } from './verify-signature.js';
export { checkSkew } from './check-skew.js';
export { checkPresignedWindow, type PresignedWindowCheck } from './check-presigned-window.js';
export { SigningKeyCache } from './signing-key-cache.js';
export { signRequest, type SignRequestInput } from './sign-request.js';

// The steps, each usable alone.
export { splitTarget, type SplitTarget } from './split-target.js';
export { parseQuery } from './parse-query.js';
export { queryParam } from './query-param.js';
export { headerValues } from './header-values.js';
export { percentDecode } from './percent-decode.js';
export { encodeRfc3986 } from './encode-rfc3986.js';
export { normalizePath } from './normalize-path.js';
export { uriRuleFor } from './uri-rule-for.js';
export { canonicalUri } from './canonical-uri.js';
export { canonicalQueryString } from './canonical-query-string.js';
export { canonicalHeaderValue } from './canonical-header-value.js';
export { canonicalHeaders } from './canonical-headers.js';
export { signedHeadersLine } from './signed-headers-line.js';
export { canonicalRequest, type CanonicalRequestParts } from './canonical-request.js';
export { credentialScopeString } from './credential-scope-string.js';
export { stringToSign } from './string-to-sign.js';
export { deriveSigningKey } from './derive-signing-key.js';
export { computeSignature } from './compute-signature.js';
export { signaturesEqual } from './signatures-equal.js';
export { sha256Hex } from './sha256-hex.js';
export { parseAmzDate } from './parse-amz-date.js';
export { parseHttpDate } from './parse-http-date.js';
export { parseAuthorizationHeader, type AuthorizationHeaderParse } from './parse-authorization-header.js';
export { parseCredential, type ParsedCredential } from './parse-credential.js';
export { parseSignedHeaders } from './parse-signed-headers.js';
export { checkCredential, type CredentialCheck } from './check-credential.js';
export { parseHeaderForm } from './parse-header-form.js';
export { parseQueryForm } from './parse-query-form.js';
