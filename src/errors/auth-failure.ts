/** Authentication failures as values (design.md "Errors": decisions are values, not throws). */

/** A signature problem's wire text, per service family (auth/sigv4's SignatureProblem carries both). */
export interface ProblemText {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/**
 * Why a request could not be authenticated, as a value (auth/authenticate.ts produces it; auth-errors.ts turns it
 * into each service's wire error). It lives here, below auth/, so that the wire mapping needs no import upwards;
 * a SigV4 problem is described by the wire texts it carries for each service family.
 */
export type AuthFailure =
  | { readonly kind: 'malformed-signature'; readonly problem: { readonly aws: ProblemText; readonly s3: ProblemText } }
  | { readonly kind: 'missing-authentication' }
  | { readonly kind: 'unknown-key'; readonly accessKeyId: string }
  | { readonly kind: 'inactive-key'; readonly accessKeyId: string }
  | { readonly kind: 'invalid-token'; readonly accessKeyId: string; readonly sessionToken: string | undefined }
  | {
      readonly kind: 'signing-time';
      readonly direction: 'expired' | 'not-yet-valid';
      /** A presigned URL dated in the future (S3 words it differently from a skewed header signature). */
      readonly presigned?: boolean;
      readonly message: string;
      readonly signedAtMs: number;
      readonly wallNowMs: number;
    }
  | {
      readonly kind: 'presigned-expired';
      /** Virtual instants: when the URL stopped being valid, and now. */
      readonly accessKeyId: string;
      readonly expiresSeconds: number;
      readonly expiredAtMs: number;
      readonly virtualNowMs: number;
    }
  | {
      readonly kind: 'signature-mismatch';
      readonly accessKeyId: string;
      /** SigV4 only: SigV2 signs a string without a canonical request. */
      readonly canonicalRequest?: string;
      readonly stringToSign: string;
      readonly signatureProvided: string;
    }
  | { readonly kind: 'expired-token'; readonly accessKeyId: string; readonly sessionToken: string };
