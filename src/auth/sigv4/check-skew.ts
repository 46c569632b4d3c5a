/**
 * The ±15 min check of header auth (§6.5), against the **wall** clock: clients cannot follow iamlab's
 * virtual clock (design.md "Time"). Messages are AWS's, all instants in basic format (§1.9):
 *   Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)
 *   Signature not yet current: <signed> is still later than <now + skew> (<now> + 15 min.)
 * Exactly at the limit is still accepted.
 */
import { amzDate } from '../../lib/encoding.js';
import { MAX_SKEW_MS } from './constants.js';
import type { SkewCheck } from './types.js';

export function checkSkew(signedAtMs: number, wallNowMs: number, maxSkewMs: number = MAX_SKEW_MS): SkewCheck {
  if (signedAtMs < wallNowMs - maxSkewMs) {
    return {
      kind: 'expired',
      message: `Signature expired: ${amzDate(signedAtMs)} is now earlier than ${amzDate(wallNowMs - maxSkewMs)} (${amzDate(wallNowMs)} - ${minutesText(maxSkewMs)})`,
    };
  }
  if (signedAtMs > wallNowMs + maxSkewMs) {
    return {
      kind: 'not-yet-valid',
      message: `Signature not yet current: ${amzDate(signedAtMs)} is still later than ${amzDate(wallNowMs + maxSkewMs)} (${amzDate(wallNowMs)} + ${minutesText(maxSkewMs)})`,
    };
  }
  return { kind: 'ok' };
}

/** `15 min.`: built only for a refusal, not on every request that passes. */
function minutesText(ms: number): string {
  return `${Math.round(ms / 60_000)} min.`;
}
