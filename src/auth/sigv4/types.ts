/**
 * The data SigV4 verification reads and returns. Everything is plain, immutable data so the steps stay pure
 * functions of their arguments (design.md "One request", step 4).
 */
import type { SignatureProblem } from './signature-problem.js';

export interface SignableRequest {
  readonly method: string;
  /** The request target exactly as sent: raw path plus '?' and raw query, undecoded. */
  readonly rawTarget: string;
  /** Header name/value pairs exactly as received, in order (Node's req.rawHeaders paired up). */
  readonly headers: readonly (readonly [string, string])[];
}

export interface CredentialScope {
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

export interface ParsedSigV4 {
  readonly form: 'header' | 'query';
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  /** `20150830T123600Z` as sent (or converted from the `Date` header when there is no X-Amz-Date). */
  readonly amzDate: string;
  /** The same instant, epoch ms. */
  readonly signedAtMs: number;
  /** Lower-cased, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** X-Amz-Security-Token header or query parameter. */
  readonly sessionToken?: string;
  /** Query form only (X-Amz-Expires). */
  readonly expiresSeconds?: number;
  /** Query form only: the X-Amz-Content-Sha256 parameter, when sent (the JS presigner adds it). */
  readonly contentSha256?: string;
}

export type SignatureParse =
  /** No Authorization header and no X-Amz-Algorithm/X-Amz-Signature/X-Amz-Credential query parameter. */
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'sigv4'; readonly parsed: ParsedSigV4 }
  | { readonly kind: 'problem'; readonly problem: SignatureProblem };

export interface VerifyOutcome {
  readonly match: boolean;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly expectedSignature: string;
}

export type SkewCheck = { readonly kind: 'ok' } | { readonly kind: 'expired' | 'not-yet-valid'; readonly message: string };

/**
 * How the path becomes the canonical URI (§6.2). S3: as sent. Every other service: dot segments and empty
 * segments removed, then every segment URI-encoded again. The official test suite also has the third
 * combination (encode, don't normalise), which is why this is two flags and not one.
 */
export interface UriRule {
  readonly normalize: boolean;
  readonly encode: boolean;
}

/** One query parameter: decoded text for reading, and its canonical (decoded then re-encoded) form. */
export interface QueryParam {
  readonly name: string;
  readonly value: string;
  readonly canonicalName: string;
  readonly canonicalValue: string;
}
