/**
 * Authentication: from a signed request to a `Principal`, or the reason why not. The reasons are values;
 * each service turns them into its own wire error (`errors/auth-errors.ts`), because the same failure is
 * `InvalidClientTokenId` at STS, `AuthFailure` at EC2 and `InvalidAccessKeyId` at S3.
 *
 * Checking order (aws-behaviour.md §6.5): malformed signature → unknown or inactive key → token that does
 * not belong to the key → signing time → signature → expired session. An expired session is reported only
 * for a request whose signature is right, as AWS does. A key taken by `--accept-any-key` skips the token and
 * signature steps (design.md "Accepting any key").
 */
import { secretsEqual } from '../lib/equal-secrets.js';
import type { ParsedSigV4, SignableRequest } from './sigv4/index.js';
import { checkSkew, payloadHashFor, verifySignature } from './sigv4/index.js';
import type { SigningKeyCache } from './sigv4/index.js';
import type { AnyKeyCredential, Credential, CredentialLookup } from './credentials.js';
import type { AuthFailure } from '../errors/auth-failure.js';
import type { Principal } from './principal.js';

export type { AuthFailure } from '../errors/auth-failure.js';

/** Who signed, or why the request is refused (SigV2 and SigV4 alike). */
export type AuthResultBase =
  | {
      readonly kind: 'authenticated';
      readonly principal: Exclude<Principal, { type: 'anonymous' }>;
      readonly credential: Credential;
    }
  | { readonly kind: 'failed'; readonly failure: AuthFailure };

export type AuthResult =
  | (Extract<AuthResultBase, { kind: 'authenticated' }> & { readonly parsed: ParsedSigV4 })
  | { readonly kind: 'failed'; readonly failure: AuthFailure };

interface AuthenticateInput {
  readonly request: SignableRequest;
  readonly parsed: ParsedSigV4;
  /** Hex SHA-256 of the body as received. */
  readonly bodySha256Hex: string;
  readonly credentials: CredentialLookup;
  readonly wallNowMs: number;
  /** The clock's mapping (design.md "Time"). */
  readonly toVirtual: (wallMs: number) => number;
  /**
   * Where a presigned URL's window starts on the virtual clock: toVirtual(X-Amz-Date), with the caller's
   * rule for a URL signed in the same second as a clock move (see PresignedWindows).
   */
  readonly presignedStart: (signature: string, signedAtMs: number) => number;
  /** Derived signing keys (four HMACs each), reused for a key's whole day (aws-behaviour.md §6.3); one per lab. */
  readonly signingKeys: SigningKeyCache;
}

export function authenticate(input: AuthenticateInput): AuthResult {
  const { parsed } = input;
  const credential = input.credentials.find(parsed.accessKeyId, parsed.sessionToken);
  if (credential === undefined) return failed({ kind: 'unknown-key', accessKeyId: parsed.accessKeyId });
  if (credential.kind === 'any-key') {
    // --accept-any-key (design.md "Accepting any key"): there is no secret to verify with; the signing time
    // is still AWS's to judge, like everything else about the request but its signature.
    const timing = checkTiming(input);
    return timing === undefined ? { kind: 'authenticated', principal: credential.principal, credential, parsed } : failed(timing);
  }
  if (credential.kind === 'long-term' && credential.status !== 'Active') {
    return failed({ kind: 'inactive-key', accessKeyId: parsed.accessKeyId });
  }
  if (!tokenBelongs(credential, parsed.sessionToken)) {
    return failed({ kind: 'invalid-token', accessKeyId: parsed.accessKeyId, sessionToken: parsed.sessionToken });
  }

  const timing = checkTiming(input);
  if (timing !== undefined) return failed(timing);

  const payloadHash = payloadHashFor(input.request, parsed, input.bodySha256Hex);
  const outcome = verifySignature(input.request, parsed, credential.secretAccessKey, payloadHash, { keyCache: input.signingKeys });
  if (!outcome.match) {
    return failed({
      kind: 'signature-mismatch',
      accessKeyId: parsed.accessKeyId,
      canonicalRequest: outcome.canonicalRequest,
      stringToSign: outcome.stringToSign,
      signatureProvided: parsed.signature,
    });
  }

  if (credential.kind === 'temporary' && input.toVirtual(input.wallNowMs) >= credential.expiresAtMs) {
    return failed({ kind: 'expired-token', accessKeyId: parsed.accessKeyId, sessionToken: credential.sessionToken });
  }
  return { kind: 'authenticated', principal: credential.principal, credential, parsed };
}

function failed(failure: AuthFailure): AuthResult {
  return { kind: 'failed', failure };
}

/** A temporary key needs its own token; a long-term key must come without one. */
export function tokenBelongs(credential: Exclude<Credential, AnyKeyCredential>, sessionToken: string | undefined): boolean {
  if (credential.kind === 'long-term') return sessionToken === undefined || sessionToken === '';
  if (sessionToken === undefined) return false;
  return secretsEqual(sessionToken, credential.sessionToken);
}

/**
 * Header auth: the signing time must be within ±15 minutes of the wall clock (clients cannot follow a
 * virtual clock). Query auth (presigned): not before X-Amz-Date (less the same skew allowance, on the wall
 * clock), and not after X-Amz-Date + X-Amz-Expires measured on the virtual clock from toVirtual(X-Amz-Date),
 * so that moving the clock forward ages a presigned URL like everything else.
 */
function checkTiming(input: AuthenticateInput): AuthFailure | undefined {
  const { parsed, wallNowMs } = input;
  const skew = checkSkew(parsed.signedAtMs, wallNowMs);
  if (parsed.form === 'header' || parsed.expiresSeconds === undefined) {
    if (skew.kind === 'ok') return undefined;
    return { kind: 'signing-time', direction: skew.kind, message: skew.message, signedAtMs: parsed.signedAtMs, wallNowMs };
  }
  if (skew.kind === 'not-yet-valid') {
    return { kind: 'signing-time', direction: skew.kind, message: skew.message, signedAtMs: parsed.signedAtMs, wallNowMs, presigned: true };
  }
  const virtualNowMs = input.toVirtual(wallNowMs);
  const expiredAtMs = input.presignedStart(parsed.signature, parsed.signedAtMs) + parsed.expiresSeconds * 1000;
  if (virtualNowMs > expiredAtMs) {
    return {
      kind: 'presigned-expired',
      accessKeyId: parsed.accessKeyId,
      expiresSeconds: parsed.expiresSeconds,
      expiredAtMs,
      virtualNowMs,
    };
  }
  return undefined;
}
