/**
 * The time rules of presigned S3 URLs (aws-behaviour.md §5.4, §5.5; design.md "Time"):
 * - SigV4: X-Amz-Expires must be 1–604800 (else 400 AuthorizationQueryParametersError); the window runs
 *   from toVirtual(X-Amz-Date) for X-Amz-Expires seconds on the virtual clock, so `clock advance` ages URLs.
 * - SigV2: Expires is an absolute instant in the client's (wall) frame, mapped with toVirtual.
 * - URL expiry is reported first (403 AccessDenied "Request has expired"); a session that expired while
 *   the URL is still inside its window is 400 ExpiredToken (§5.4 [U] precedence).
 * Results are values: an AuthFailure (mapped by errors/auth-errors.ts) or a ready AwsError for the cases
 * that table has no kind for.
 */
import { checkPresignedWindow, MAX_PRESIGNED_EXPIRES_SECONDS, MAX_SKEW_MS } from '../../auth/sigv4/index.js';
import type { AuthFailure } from '../../errors/auth-failure.js';
import { AwsError } from '../../errors/aws-error.js';
import { isoSeconds } from '../../lib/encoding.js';

/** The part of the Clock these rules read. */
export interface PresignClock {
  now(): number;
  toVirtual(wallMs: number): number;
  toWall(virtualMs: number): number;
}

export interface PresignSession {
  readonly sessionToken: string;
  /** Virtual instant the session expires. */
  readonly expiresAtMs: number;
}

export type PresignedCheck =
  | { readonly kind: 'ok'; readonly expiresAtMs: number; readonly signatureAgeMs: number }
  | { readonly kind: 'failure'; readonly failure: AuthFailure }
  | { readonly kind: 'error'; readonly error: AwsError };

export interface SigV4PresignInput {
  readonly accessKeyId: string;
  readonly signedAtWallMs: number;
  readonly expiresSeconds: number;
  readonly session?: PresignSession;
}

const EXPIRES_TOO_LARGE =
  'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';

export function checkSigV4Presigned(input: SigV4PresignInput, clock: PresignClock): PresignedCheck {
  if (input.expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS) return { kind: 'error', error: queryParametersError(EXPIRES_TOO_LARGE) };
  // [U] S3's text for zero; negative and non-numeric values are refused earlier by parseQueryForm.
  if (input.expiresSeconds < 1) return { kind: 'error', error: queryParametersError('X-Amz-Expires must be non-negative') };
  const startMs = clock.toVirtual(input.signedAtWallMs);
  const nowMs = clock.now();
  const window = checkPresignedWindow(startMs, input.expiresSeconds, nowMs, MAX_SKEW_MS);
  switch (window.kind) {
    case 'expired':
      return {
        kind: 'failure',
        failure: { kind: 'presigned-expired', accessKeyId: input.accessKeyId, expiresSeconds: input.expiresSeconds, expiredAtMs: window.expiresAtMs, virtualNowMs: nowMs },
      };
    case 'not-yet-valid':
      return { kind: 'error', error: new AwsError({ code: 'AccessDenied', status: 403, message: window.message }) };
    case 'ok':
      return sessionCheck(input.accessKeyId, input.session, nowMs) ?? { kind: 'ok', expiresAtMs: window.expiresAtMs, signatureAgeMs: nowMs - startMs };
  }
}

export interface SigV2PresignInput {
  readonly accessKeyId: string;
  readonly expiresEpochSeconds: number;
  readonly session?: PresignSession;
}

/** SigV2 has no signing time, so `signatureAgeMs` is 0 and the window is only its end. */
export function checkSigV2Presigned(input: SigV2PresignInput, clock: PresignClock): PresignedCheck {
  const expiresAtMs = clock.toVirtual(input.expiresEpochSeconds * 1000);
  const nowMs = clock.now();
  if (nowMs > expiresAtMs) {
    return {
      kind: 'error',
      error: new AwsError({
        code: 'AccessDenied',
        status: 403,
        message: 'Request has expired',
        extra: [
          ['Expires', isoSeconds(clock.toWall(expiresAtMs))],
          ['ServerTime', isoSeconds(clock.toWall(nowMs))],
        ],
      }),
    };
  }
  return sessionCheck(input.accessKeyId, input.session, nowMs) ?? { kind: 'ok', expiresAtMs, signatureAgeMs: 0 };
}

function sessionCheck(accessKeyId: string, session: PresignSession | undefined, nowMs: number): PresignedCheck | undefined {
  if (session === undefined || nowMs < session.expiresAtMs) return undefined;
  return { kind: 'failure', failure: { kind: 'expired-token', accessKeyId, sessionToken: session.sessionToken } };
}

function queryParametersError(message: string): AwsError {
  return new AwsError({ code: 'AuthorizationQueryParametersError', status: 400, message });
}
