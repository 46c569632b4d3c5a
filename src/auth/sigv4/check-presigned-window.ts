/**
 * The validity window of a presigned URL (§5.4, §6.5): from its start (minus the skew allowance) to start +
 * X-Amz-Expires, inclusive. Per design.md "Time" the caller passes the start already mapped onto the
 * virtual clock (`clock.toVirtual(signedAtMs)`) and the virtual now; this function only compares. The
 * messages are S3's (`AccessDenied`); `expiresAtMs` feeds its `<Expires>` element.
 */
import { MAX_SKEW_MS } from './constants.js';

type PresignedWindowCheck =
  | { readonly kind: 'ok'; readonly expiresAtMs: number }
  | { readonly kind: 'expired'; readonly expiresAtMs: number; readonly message: 'Request has expired' }
  | { readonly kind: 'not-yet-valid'; readonly expiresAtMs: number; readonly message: 'Request is not yet valid' };

export function checkPresignedWindow(startMs: number, expiresSeconds: number, nowMs: number, maxSkewMs: number = MAX_SKEW_MS): PresignedWindowCheck {
  const expiresAtMs = startMs + expiresSeconds * 1000;
  if (nowMs > expiresAtMs) return { kind: 'expired', expiresAtMs, message: 'Request has expired' };
  if (nowMs < startMs - maxSkewMs) return { kind: 'not-yet-valid', expiresAtMs, message: 'Request is not yet valid' };
  return { kind: 'ok', expiresAtMs };
}
