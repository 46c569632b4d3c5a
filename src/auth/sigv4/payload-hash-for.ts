/**
 * The payload hash that goes into the canonical request (§6.2, §5.3, §5.4).
 * - Every service but S3: the hex SHA-256 of the body received, always. A client may also send (and sign) an
 *   `x-amz-content-sha256` header, but the server never takes the hash from the request: a signed request
 *   replayed with another body must fail (the hash of an empty body for presigned GETs, §6.6).
 * - S3, header form: the `x-amz-content-sha256` header (S3 requires it; it may be `UNSIGNED-PAYLOAD` or a
 *   `STREAMING-…` marker); whether a hex value matches the body is S3's separate check
 *   (XAmzContentSHA256Mismatch, §5.3).
 * - S3, query form: the X-Amz-Content-Sha256 parameter when present (read by parseQueryForm) (the JS presigner adds it), else
 *   `UNSIGNED-PAYLOAD`.
 */
import { CONTENT_SHA256_HEADER, S3_SERVICE, UNSIGNED_PAYLOAD } from './constants.js';
import { headerValues } from '../../lib/headers.js';
import type { ParsedSigV4, SignableRequest } from './types.js';

export function payloadHashFor(req: SignableRequest, parsed: ParsedSigV4, bodySha256Hex: string): string {
  if (parsed.scope.service !== S3_SERVICE) return bodySha256Hex;
  if (parsed.form === 'header') return headerValues(req.headers, CONTENT_SHA256_HEADER)[0] ?? bodySha256Hex;
  return parsed.contentSha256 ?? UNSIGNED_PAYLOAD;
}
