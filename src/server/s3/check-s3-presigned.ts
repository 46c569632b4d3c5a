/**
 * The time rules of SigV2 presigned S3 URLs (aws-behaviour.md §5.4, §5.5; design.md "Time"; SigV4's are
 * auth/authenticate.ts's). `Expires` is an absolute instant in the client's (wall) frame and the URL carries
 * no signing time, so the design's rule — the window starts at toVirtual(signing time) — needs one: [U] the
 * first time the lab sees a URL stands for it (PresignedWindows). From then on the URL ages on the virtual
 * clock, so "presign, use, advance the clock, use again" behaves as on AWS.
 * URL expiry is reported first (403 AccessDenied "Request has expired"); a session that expired while the URL
 * is still inside its window is 400 ExpiredToken (§5.4 [U] precedence).
 */
import { s3Errors } from '../../services/s3/s3-errors.js';
import type { AuthFailure } from '../../errors/auth-failure.js';
import type { AwsError } from '../../errors/aws-error.js';
import { isoSeconds } from '../../lib/encoding.js';

/** The part of the Clock these rules read. */
interface PresignClock {
  now(): number;
  wallNow(): number;
  toVirtual(wallMs: number): number;
  toWall(virtualMs: number): number;
}

interface PresignSession {
  readonly sessionToken: string;
  /** Virtual instant the session expires. */
  readonly expiresAtMs: number;
}

type PresignedCheck =
  | { readonly kind: 'ok'; readonly expiresAtMs: number; readonly signatureAgeMs: number }
  | { readonly kind: 'failure'; readonly failure: AuthFailure }
  | { readonly kind: 'error'; readonly error: AwsError };

interface SigV2PresignInput {
  readonly accessKeyId: string;
  /** The URL's end on the virtual clock (PresignedWindows.sigV2Expiry). */
  readonly expiresAtMs: number;
  readonly session?: PresignSession;
}

/** SigV2 has no signing time, so `signatureAgeMs` is 0 and the window is only its end. */
export function checkSigV2Presigned(input: SigV2PresignInput, clock: PresignClock): PresignedCheck {
  const { expiresAtMs } = input;
  const nowMs = clock.now();
  if (nowMs > expiresAtMs) {
    return {
      kind: 'error',
      error: s3Errors.requestExpired(isoSeconds(clock.toWall(expiresAtMs)), isoSeconds(clock.toWall(nowMs))),
    };
  }
  return sessionCheck(input.accessKeyId, input.session, nowMs) ?? { kind: 'ok', expiresAtMs, signatureAgeMs: 0 };
}

function sessionCheck(accessKeyId: string, session: PresignSession | undefined, nowMs: number): PresignedCheck | undefined {
  if (session === undefined || nowMs < session.expiresAtMs) return undefined;
  return { kind: 'failure', failure: { kind: 'expired-token', accessKeyId, sessionToken: session.sessionToken } };
}
