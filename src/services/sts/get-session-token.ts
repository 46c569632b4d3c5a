/**
 * sts:GetSessionToken (aws-behaviour.md §1.7): long-term credentials only (session credentials are refused
 * in the authorize stage: `services/identity/session-restrictions.ts`); no policy is evaluated. Users get
 * 900–129600 s, default 43200; root 900–3600, default 3600, longer requests silently clamped. With
 * `SerialNumber` + `TokenCode` the session is MFA-authenticated (and may then call IAM).
 */
import { InternalError } from '../../errors/aws-error.js';
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../protocol/models/sts.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import { credentialsOut } from './credentials-output.js';
import { sessionMfa } from './session-mfa.js';
import type { StsDeps } from './sts-deps.js';
import { STS_MESSAGES } from './sts-errors.js';

const USER_SESSION_DEFAULT_SECONDS = 43_200;
const ROOT_SESSION_MAX_SECONDS = 3600;

export function getSessionToken(deps: StsDeps): Operation {
  return defineOperation<GetSessionTokenRequest, GetSessionTokenResponse>({
    name: 'GetSessionToken',
    authorization: { kind: 'in-handler', action: 'sts:GetSessionToken' },
    handle: async (input, ctx) => {
      const { principal } = ctx;
      if (principal.type === 'anonymous' || principal.type === 'assumed-role' || principal.type === 'federated-user') {
        throw new InternalError('GetSessionToken reached its handler without long-term credentials');
      }
      const mfa = await sessionMfa(deps.mfa, {
        account: principal.account,
        serialNumber: input.SerialNumber,
        tokenCode: input.TokenCode,
        callerArn: principal.arn,
        wallNowMs: ctx.clock.wallNow(),
        nowMs: ctx.nowMs,
        invalidMessage: STS_MESSAGES.mfaSessionTokenInvalid,
      });
      if (mfa.kind === 'failed') throw mfa.error;
      const seconds =
        principal.type === 'root'
          ? Math.min(input.DurationSeconds ?? ROOT_SESSION_MAX_SECONDS, ROOT_SESSION_MAX_SECONDS)
          : (input.DurationSeconds ?? USER_SESSION_DEFAULT_SECONDS);
      const subject =
        principal.type === 'root'
          ? ({ type: 'root' } as const)
          : { type: 'user' as const, userId: principal.userId, userName: principal.userName, path: userPath(principal.arn, principal.userName) };
      const session = await deps.issuer.issue(
        {
          kind: 'session-token',
          account: principal.account,
          subject,
          issuedMs: ctx.nowMs,
          expiresMs: ctx.nowMs + seconds * 1000,
          ...(mfa.kind === 'ok' ? { mfaMs: mfa.atMs } : {}),
        },
        principal.arn,
      );
      return { Credentials: credentialsOut(session) };
    },
  });
}

/** `arn:aws:iam::A:user/<path><name>` → `<path>`. */
function userPath(arn: string, userName: string): string {
  const resource = arn.slice(arn.indexOf(':user/') + ':user'.length);
  return resource.slice(0, resource.length - userName.length);
}
