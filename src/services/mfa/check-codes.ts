/**
 * The TOTP rules of IAM virtual MFA (aws-behaviour.md §2.5, §1.7), as pure functions of the device and the
 * wall-clock instant (design.md "Time": authenticator apps count real 30-second steps):
 * - EnableMFADevice and ResyncMFADevice take two **consecutive** codes: code 1 of step t, code 2 of step t+1;
 * - one step of drift either side of now is tolerated (RFC 6238 §5.2), centred on the device's learnt drift;
 * - a step already accepted from the device is never accepted again.
 */
import { secretsEqual } from '../../lib/equal-secrets.js';
import { hotp, totpStep, verifyTotp } from '../../lib/totp.js';
import type { MfaDevice } from './mfa-device.js';

/** ±1 step: a code of the previous or next 30 s still counts. */
const MFA_WINDOW_STEPS = 1;
/**
 * How far ResyncMFADevice looks for the pair (±10 steps, 5 minutes). AWS does not document its search
 * range; it is wider than the normal window because resynchronising a drifted device is the point.
 */
const RESYNC_WINDOW_STEPS = 10;

type PairCheck = { readonly kind: 'ok'; readonly secondStep: number; readonly driftSteps: number } | { readonly kind: 'invalid' };

type CodeCheck = { readonly kind: 'ok'; readonly step: number } | { readonly kind: 'reused' } | { readonly kind: 'invalid' };

type DeviceClock = Pick<MfaDevice, 'seed' | 'lastUsedStep' | 'driftSteps'>;

/**
 * Finds t+1 within `window` steps of now (shifted by `driftSteps`) such that code 1 is step t's code and
 * code 2 is step t+1's, with t newer than the last accepted step. The latest such pair wins.
 */
function checkConsecutiveCodes(device: DeviceClock, code1: string, code2: string, wallNowMs: number, window: number, driftSteps: number): PairCheck {
  const now = totpStep(wallNowMs);
  const centre = now + driftSteps;
  let found: number | undefined;
  for (let second = centre - window; second <= centre + window; second++) {
    const first = second - 1;
    if (first < 0 || (device.lastUsedStep !== undefined && first <= device.lastUsedStep)) continue;
    // Both comparisons always run: no early exit that would time which code was wrong.
    const firstOk = secretsEqual(hotp(device.seed, first), code1);
    const secondOk = secretsEqual(hotp(device.seed, second), code2);
    if (firstOk && secondOk) found = second;
  }
  if (found === undefined) return { kind: 'invalid' };
  // Drift the normal window already absorbs (a person typing slowly) is not worth remembering.
  const drift = found - now;
  return { kind: 'ok', secondStep: found, driftSteps: Math.abs(drift) <= MFA_WINDOW_STEPS ? 0 : drift };
}

/** EnableMFADevice: a fresh device, no drift learnt yet. */
export function checkEnableCodes(device: DeviceClock, code1: string, code2: string, wallNowMs: number): PairCheck {
  return checkConsecutiveCodes(device, code1, code2, wallNowMs, MFA_WINDOW_STEPS, 0);
}

/** ResyncMFADevice: a wide search; a pair found outside the normal window becomes the device's drift. */
export function checkResyncCodes(device: DeviceClock, code1: string, code2: string, wallNowMs: number): PairCheck {
  return checkConsecutiveCodes(device, code1, code2, wallNowMs, RESYNC_WINDOW_STEPS, 0);
}

/** One code, as STS receives it with `SerialNumber` + `TokenCode` (§1.7). */
export function checkSingleCode(device: DeviceClock, code: string, wallNowMs: number): CodeCheck {
  const options = { driftSteps: device.driftSteps };
  const step = verifyTotp(device.seed, code, wallNowMs, MFA_WINDOW_STEPS, {
    ...options,
    ...(device.lastUsedStep === undefined ? {} : { afterStep: device.lastUsedStep }),
  });
  if (step !== undefined) return { kind: 'ok', step };
  // A match only among already-used steps is a replay (STS answers it like an invalid code, §1.7).
  return verifyTotp(device.seed, code, wallNowMs, MFA_WINDOW_STEPS, options) === undefined ? { kind: 'invalid' } : { kind: 'reused' };
}
