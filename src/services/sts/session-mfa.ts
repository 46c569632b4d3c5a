/**
 * `SerialNumber` + `TokenCode` on GetSessionToken and AssumeRole (aws-behaviour.md §1.7, §1.8): both or
 * neither; the code is checked on the wall clock (an authenticator counts real time, design.md "Time") and
 * works once; the device must be enabled for the caller. Any failure is the operation's own AccessDenied text.
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { MfaState } from '../mfa/mfa-state.js';
import { verifyMfa } from '../mfa/verify-mfa.js';
import { STS_MESSAGES, stsErrors } from './sts-errors.js';

type SessionMfa = { readonly kind: 'none' } | { readonly kind: 'ok'; readonly atMs: number } | { readonly kind: 'failed'; readonly error: AwsError };

interface SessionMfaRequest {
  readonly account: string;
  readonly serialNumber: string | undefined;
  readonly tokenCode: string | undefined;
  /** The caller's ARN: the device must be enabled for this user. */
  readonly callerArn: string;
  readonly wallNowMs: number;
  /** Virtual now: when the session's MFA happened (aws:MultiFactorAuthAge counts from it). */
  readonly nowMs: number;
  /** The operation's text for a wrong, reused or unknown code. */
  readonly invalidMessage: string;
}

export async function sessionMfa(state: MfaState, request: SessionMfaRequest): Promise<SessionMfa> {
  const { serialNumber, tokenCode } = request;
  if (serialNumber === undefined && tokenCode === undefined) return { kind: 'none' };
  if (serialNumber === undefined || tokenCode === undefined) return { kind: 'failed', error: stsErrors.accessDenied(STS_MESSAGES.mfaBoth) };
  const verification = await verifyMfa(state, {
    account: request.account,
    serialNumber,
    code: tokenCode,
    wallNowMs: request.wallNowMs,
    userArn: request.callerArn,
  });
  if (verification.kind === 'ok') return { kind: 'ok', atMs: request.nowMs };
  return { kind: 'failed', error: stsErrors.accessDenied(request.invalidMessage) };
}
