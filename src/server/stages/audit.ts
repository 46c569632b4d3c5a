/** Step 8, audit: one event per request with its decision, explanation and error (queued, not awaited). */
import type { GatewayDeps } from '../gateway-deps.js';
import { headerValue } from '../../lib/headers.js';
import type { RequestState } from '../request-state.js';
import { cloudTrailFacts } from './audit-cloudtrail.js';

export function audit(state: RequestState, deps: GatewayDeps): void {
  const { principal, authorization, error } = state;
  deps.audit.record({
    timeMs: state.virtualMs,
    requestId: state.requestId,
    sourceIp: state.raw.remoteAddress,
    userAgent: headerValue(state.raw.headers, 'user-agent') ?? '',
    service: state.service?.name ?? null,
    operation: state.operationName ?? null,
    action: authorization?.action ?? state.operation?.authorization.action ?? null,
    resources: authorization?.resources ?? [],
    principalArn: principal === undefined || principal.type === 'anonymous' ? (authorization?.caller ?? null) : principal.arn,
    accessKeyId: principal === undefined || principal.type === 'anonymous' ? null : principal.accessKeyId,
    ...(principal === undefined || principal.type === 'anonymous' ? {} : { principalId: principal.userId }),
    ...(state.region === undefined ? {} : { region: state.region }),
    ...(state.credential?.kind === 'any-key'
      ? { acceptedAnyKey: { account: state.credential.principal.account, sessionTokenIgnored: state.credential.sessionTokenIgnored } }
      : {}),
    decision: authorization?.decision ?? null,
    decidedBy: authorization?.decidedBy ?? null,
    explanation: authorization?.explanation ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    status: state.response?.status ?? 0,
    ...cloudTrailFacts(state),
  });
}
