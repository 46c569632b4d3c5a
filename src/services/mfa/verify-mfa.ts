/**
 * MFA for STS (aws-behaviour.md §1.7, §1.8): GetSessionToken and AssumeRole send `SerialNumber` +
 * `TokenCode`; the code is checked against the wall clock (design.md "Time") and works only once, so the
 * accepted step is recorded before the answer is `ok`. STS turns every other answer into its own
 * AccessDenied text (§1.7); the distinct kinds are for the audit trail and `iamlab explain`.
 */
import { totpCode, TOTP_STEP_MS } from '../../lib/totp.js';
import { assertNever } from '../../lib/assert-never.js';
import { checkSingleCode } from './check-codes.js';
import type { MfaDevice } from './mfa-device.js';
import type { MfaState } from './mfa-state.js';

interface MfaVerificationRequest {
  readonly account: string;
  readonly serialNumber: string;
  readonly code: string;
  readonly wallNowMs: number;
  /** When given, the device must be enabled for this user (GetSessionToken: the caller). */
  readonly userArn?: string;
}

type MfaVerification =
  { readonly kind: 'ok'; readonly device: MfaDevice } | { readonly kind: 'invalid' | 'reused' | 'no-such-device' | 'not-assigned' };

export async function verifyMfa(state: MfaState, request: MfaVerificationRequest): Promise<MfaVerification> {
  return state.mutate<MfaVerification>(() => {
    const device = state.find(request.account, request.serialNumber);
    if (device === undefined) return { writes: [], result: { kind: 'no-such-device' } };
    const { assignment } = device;
    if (assignment === undefined || (request.userArn !== undefined && assignment.userArn !== request.userArn)) {
      return { writes: [], result: { kind: 'not-assigned' } };
    }
    const check = checkSingleCode(device, request.code, request.wallNowMs);
    switch (check.kind) {
      case 'ok': {
        const updated: MfaDevice = { ...device, lastUsedStep: check.step };
        return { writes: [{ kind: 'put', device: updated }], result: { kind: 'ok', device: updated } };
      }
      case 'reused':
      case 'invalid':
        return { writes: [], result: { kind: check.kind } };
      default:
        return assertNever(check);
    }
  });
}

/**
 * The code the device's authenticator shows now (for `iamlab mfa code <serial>`): the wall clock shifted by
 * any drift ResyncMFADevice learnt. Undefined for a serial number iamlab does not know.
 */
export function currentCode(state: MfaState, serialNumber: string, wallNowMs: number): string | undefined {
  const device = state.findAnywhere(serialNumber);
  return device === undefined ? undefined : totpCode(device.seed, wallNowMs + device.driftSteps * TOTP_STEP_MS);
}
