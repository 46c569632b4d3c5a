/**
 * Header-form signing from the same steps verification uses. For tests and the benchmark only: iamlab never
 * signs on behalf of a client. Adds X-Amz-Date (and X-Amz-Security-Token) before signing, then the
 * Authorization header, and returns a new request; by default every header present is signed.
 */
import { amzDate as formatAmzDate } from '../../lib/encoding.js';
import { canonicalHeaders } from './canonical-headers.js';
import { canonicalQueryString } from './canonical-query-string.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri } from './canonical-uri.js';
import { computeSignature } from './compute-signature.js';
import { ALGORITHM, AMZ_DATE_HEADER, AUTHORIZATION_HEADER, CONTENT_SHA256_HEADER, EMPTY_SHA256, SECURITY_TOKEN_HEADER } from './constants.js';
import { credentialScopeString } from './credential-scope-string.js';
import { deriveSigningKey } from './derive-signing-key.js';
import { headerValues } from '../../lib/headers.js';
import { parseQuery } from './parse-query.js';
import { signedHeadersLine } from './signed-headers-line.js';
import type { SigningKeyCache } from './signing-key-cache.js';
import { splitTarget } from '../../lib/split-target.js';
import { stringToSign } from './string-to-sign.js';
import type { CredentialScope, SignableRequest } from './types.js';
import { uriRuleFor } from './uri-rule-for.js';

interface SignRequestInput {
  /** Must carry a Host header. */
  readonly request: SignableRequest;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  readonly signedAtMs: number;
  /** Default: the x-amz-content-sha256 header, else the hash of an empty body. */
  readonly payloadHash?: string;
  /** Default: every header present, lower-cased, de-duplicated and sorted. */
  readonly signedHeaders?: readonly string[];
  readonly keyCache?: SigningKeyCache;
}

export function signRequest(input: SignRequestInput): SignableRequest {
  const amzDate = formatAmzDate(input.signedAtMs);
  const scope: CredentialScope = { date: amzDate.slice(0, 8), region: input.region, service: input.service };
  const headers: (readonly [string, string])[] = [...input.request.headers, [AMZ_DATE_HEADER, amzDate]];
  if (input.sessionToken !== undefined) headers.push([SECURITY_TOKEN_HEADER, input.sessionToken]);
  const signed =
    input.signedHeaders ?? [...new Set(headers.map(([name]) => name.toLowerCase()))].filter((name) => name !== AUTHORIZATION_HEADER).sort();

  const { path, query } = splitTarget(input.request.rawTarget);
  const canonical = canonicalRequest({
    method: input.request.method,
    canonicalUri: canonicalUri(path, uriRuleFor(input.service)),
    canonicalQueryString: canonicalQueryString(parseQuery(query)),
    canonicalHeaders: canonicalHeaders(headers, signed),
    signedHeadersLine: signedHeadersLine(signed),
    payloadHash: input.payloadHash ?? headerValues(headers, CONTENT_SHA256_HEADER)[0] ?? EMPTY_SHA256,
  });
  const key = input.keyCache?.get(input.secretAccessKey, scope) ?? deriveSigningKey(input.secretAccessKey, scope);
  const signature = computeSignature(key, stringToSign(amzDate, scope, canonical));
  headers.push([
    AUTHORIZATION_HEADER,
    `${ALGORITHM} Credential=${input.accessKeyId}/${credentialScopeString(scope)}, SignedHeaders=${signedHeadersLine(signed)}, Signature=${signature}`,
  ]);
  return { method: input.request.method, rawTarget: input.request.rawTarget, headers };
}
