/**
 * A presigned S3 URL, SigV4 query form (aws-behaviour.md §5.4), path-style (`<endpoint>/<bucket>/<key>`, §5.1),
 * built from the same steps the lab verifies with (src/auth/sigv4). Pure: the signing time is an argument.
 *
 * The path is encoded once, each segment by RFC 3986 with `/` kept (S3 signs the path as sent, §6.2), so
 * `s3://b/a b/ü.txt` becomes `/b/a%20b/%C3%BC.txt`. Only `host` is signed and the payload is
 * `UNSIGNED-PAYLOAD`, as `aws s3 presign` (CLI v2) does; X-Amz-Signature goes last:
 * ```
 * /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fs3%2Faws4_request
 *     &X-Amz-Date=20240501T101542Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=<hex>
 * ```
 */
import { amzDate as formatAmzDate } from '../lib/encoding.js';
import {
  ALGORITHM,
  ALGORITHM_PARAM,
  AMZ_DATE_PARAM,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  CREDENTIAL_PARAM,
  credentialScopeString,
  deriveSigningKey,
  encodeRfc3986,
  EXPIRES_PARAM,
  HOST_HEADER,
  parseQuery,
  S3_SERVICE,
  SECURITY_TOKEN_PARAM,
  SIGNATURE_PARAM,
  SIGNED_HEADERS_PARAM,
  signedHeadersLine,
  stringToSign,
  UNSIGNED_PAYLOAD,
  uriRuleFor,
  type CredentialScope,
} from '../auth/sigv4/index.js';
import type { AwsCredentials } from './aws-credentials.js';

export type PresignMethod = 'GET' | 'PUT';

interface PresignS3UrlInput {
  /** Scheme, host, port and an optional base path; its query and fragment are ignored. */
  readonly endpoint: URL;
  readonly bucket: string;
  readonly key: string;
  readonly method: PresignMethod;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** 1..604800; checked by the caller. */
  readonly expiresSeconds: number;
  /** Epoch ms; X-Amz-Date is this instant to the second. */
  readonly signedAtMs: number;
}

interface PresignedS3Url {
  readonly url: string;
  /** X-Amz-Date + X-Amz-Expires, epoch ms (a whole second). */
  readonly expiresAtMs: number;
}

const SIGNED_HEADERS: readonly string[] = [HOST_HEADER];

export function presignS3Url(input: PresignS3UrlInput): PresignedS3Url {
  const amzDate = formatAmzDate(input.signedAtMs);
  const scope: CredentialScope = { date: amzDate.slice(0, 8), region: input.region, service: S3_SERVICE };
  const basePath = input.endpoint.pathname.replace(/\/+$/, '');
  const path = `${basePath}/${encodeRfc3986(input.bucket)}/${encodeRfc3986(input.key, true)}`;

  const params: (readonly [string, string])[] = [
    [ALGORITHM_PARAM, ALGORITHM],
    [CREDENTIAL_PARAM, `${input.credentials.accessKeyId}/${credentialScopeString(scope)}`],
    [AMZ_DATE_PARAM, amzDate],
    [EXPIRES_PARAM, String(input.expiresSeconds)],
    [SIGNED_HEADERS_PARAM, signedHeadersLine(SIGNED_HEADERS)],
  ];
  if (input.credentials.sessionToken !== undefined) params.push([SECURITY_TOKEN_PARAM, input.credentials.sessionToken]);
  // Parsed back exactly as the lab will parse the URL, so the canonical query cannot differ from the verifier's.
  const query = canonicalQueryString(parseQuery(params.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join('&')));

  const canonical = canonicalRequest({
    method: input.method,
    canonicalUri: canonicalUri(path, uriRuleFor(S3_SERVICE)),
    canonicalQueryString: query,
    canonicalHeaders: canonicalHeaders([[HOST_HEADER, input.endpoint.host]], SIGNED_HEADERS),
    signedHeadersLine: signedHeadersLine(SIGNED_HEADERS),
    payloadHash: UNSIGNED_PAYLOAD,
  });
  const signature = computeSignature(deriveSigningKey(input.credentials.secretAccessKey, scope), stringToSign(amzDate, scope, canonical));
  return {
    url: `${input.endpoint.protocol}//${input.endpoint.host}${path}?${query}&${SIGNATURE_PARAM}=${signature}`,
    expiresAtMs: Math.floor(input.signedAtMs / 1000) * 1000 + input.expiresSeconds * 1000,
  };
}
