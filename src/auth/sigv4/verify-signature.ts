/**
 * Recomputes the signature from the request as received and compares it with the one sent (§6.2–§6.3).
 * S3 uses the path as sent; every other service normalises and double-encodes it (see `uriRuleFor`). The
 * canonical request and string to sign are returned either way: S3 echoes them in SignatureDoesNotMatch
 * (§5.5), and they are what a developer needs to see when a client signs differently.
 *
 * Nothing here checks time, keys or tokens; see `checkSkew` and the authenticate step (design.md "One request").
 */
import { canonicalHeaders } from './canonical-headers.js';
import { canonicalQueryString } from './canonical-query-string.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri } from './canonical-uri.js';
import { computeSignature } from './compute-signature.js';
import { SIGNATURE_PARAM } from './constants.js';
import { deriveSigningKey } from './derive-signing-key.js';
import { parseQuery } from './parse-query.js';
import { secretsEqual } from '../../lib/equal-secrets.js';
import { signedHeadersLine } from './signed-headers-line.js';
import type { SigningKeyCache } from './signing-key-cache.js';
import { splitTarget } from '../../lib/split-target.js';
import { stringToSign } from './string-to-sign.js';
import type { ParsedSigV4, SignableRequest, UriRule, VerifyOutcome } from './types.js';
import { uriRuleFor } from './uri-rule-for.js';

interface VerifyOptions {
  /** Reuse derived keys across requests (the hot path should always pass one). */
  readonly keyCache?: SigningKeyCache;
  /** Overrides the rule chosen from the scope's service; the official test suite needs this. */
  readonly uriRule?: UriRule;
}

export function verifySignature(
  req: SignableRequest,
  parsed: ParsedSigV4,
  secretAccessKey: string,
  payloadHash: string,
  options: VerifyOptions = {},
): VerifyOutcome {
  const { path, query } = splitTarget(req.rawTarget);
  const canonical = canonicalRequest({
    method: req.method,
    canonicalUri: canonicalUri(path, options.uriRule ?? uriRuleFor(parsed.scope.service)),
    canonicalQueryString: canonicalQueryString(parseQuery(query), parsed.form === 'query' ? SIGNATURE_PARAM : undefined),
    canonicalHeaders: canonicalHeaders(req.headers, parsed.signedHeaders),
    signedHeadersLine: signedHeadersLine(parsed.signedHeaders),
    payloadHash,
  });
  const toSign = stringToSign(parsed.amzDate, parsed.scope, canonical);
  const key = options.keyCache?.get(secretAccessKey, parsed.scope) ?? deriveSigningKey(secretAccessKey, parsed.scope);
  const expectedSignature = computeSignature(key, toSign);
  return {
    match: secretsEqual(parsed.signature, expectedSignature),
    canonicalRequest: canonical,
    stringToSign: toSign,
    expectedSignature,
  };
}
