/**
 * The payload hash that goes into the canonical request (§6.2, §5.3, §5.4):
 * - header form: the `x-amz-content-sha256` header when present (S3 always sends it; its value may be
 *   `UNSIGNED-PAYLOAD` or a `STREAMING-…` marker), else the hex SHA-256 of the body;
 * - query form: the X-Amz-Content-Sha256 parameter when present (the JS presigner adds it), else
 *   `UNSIGNED-PAYLOAD` for S3, else the header if a client signed one, else the body's hash (§6.6).
 * Whether a hex header value matches the body is a separate check (XAmzContentSHA256Mismatch, §5.3).
 */
import { CONTENT_SHA256_HEADER, CONTENT_SHA256_PARAM, S3_SERVICE, UNSIGNED_PAYLOAD } from './constants.js';
import { headerValues } from './header-values.js';
import { parseQuery } from './parse-query.js';
import { queryParam } from './query-param.js';
import { splitTarget } from './split-target.js';
import type { ParsedSigV4, SignableRequest } from './types.js';

export function payloadHashFor(req: SignableRequest, parsed: ParsedSigV4, bodySha256Hex: string): string {
  const header = headerValues(req.headers, CONTENT_SHA256_HEADER)[0];
  if (parsed.form === 'header') return header ?? bodySha256Hex;
  const param = queryParam(parseQuery(splitTarget(req.rawTarget).query), CONTENT_SHA256_PARAM);
  if (param !== undefined) return param;
  if (parsed.scope.service === S3_SERVICE) return UNSIGNED_PAYLOAD;
  return header ?? bodySha256Hex;
}
