/**
 * Every header name, query parameter name and fixed string SigV4 uses (aws-behaviour.md §6, §5.3–§5.4).
 * Header names are lower-case because we always compare lower-cased names; query names keep AWS's spelling
 * because query parameter names are case-sensitive.
 */

/** The only algorithm SigV4 defines (§6.1). */
export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Prefix of the `kSecret` HMAC key (§6.3). */
export const KEY_PREFIX = 'AWS4';
/** The fifth element of a credential scope (§6.3). */
export const SCOPE_TERMINATOR = 'aws4_request';

// Headers (lower-case).
export const AUTHORIZATION_HEADER = 'authorization';
export const AMZ_DATE_HEADER = 'x-amz-date';
export const DATE_HEADER = 'date';
export const HOST_HEADER = 'host';
export const SECURITY_TOKEN_HEADER = 'x-amz-security-token';
export const CONTENT_SHA256_HEADER = 'x-amz-content-sha256';

// Query parameters (presigned form, §5.4).
export const ALGORITHM_PARAM = 'X-Amz-Algorithm';
export const CREDENTIAL_PARAM = 'X-Amz-Credential';
export const AMZ_DATE_PARAM = 'X-Amz-Date';
export const EXPIRES_PARAM = 'X-Amz-Expires';
export const SIGNED_HEADERS_PARAM = 'X-Amz-SignedHeaders';
export const SIGNATURE_PARAM = 'X-Amz-Signature';
export const SECURITY_TOKEN_PARAM = 'X-Amz-Security-Token';
export const CONTENT_SHA256_PARAM = 'X-Amz-Content-Sha256';

// Components of the Authorization header (§6.1).
export const CREDENTIAL_COMPONENT = 'Credential';
export const SIGNED_HEADERS_COMPONENT = 'SignedHeaders';
export const SIGNATURE_COMPONENT = 'Signature';

// SigV2, recognised only so it can be told apart from a broken SigV4 request (§5.4).
export const SIGV2_AUTHORIZATION_PREFIX = 'AWS ';
export const SIGV2_ACCESS_KEY_PARAM = 'AWSAccessKeyId';
export const SIGV2_SIGNATURE_PARAM = 'Signature';

/** The signing name of S3: its canonical URI is the path as sent (§6.2). */
export const S3_SERVICE = 's3';

/** Payload hash of a presigned S3 URL (§5.4) and of S3 uploads that opt out of hashing (§5.3). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Hex SHA-256 of the empty string. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Allowed distance between the signing time and the wall clock for header auth: 15 min (§6.5). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** Largest X-Amz-Expires S3 accepts: one week (§5.4). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
