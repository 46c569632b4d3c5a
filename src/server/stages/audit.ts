/** Step 8, audit: one event per request with its decision, explanation and error (queued, not awaited). */
import type { AuditEvent } from '../../audit/audit-event.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { headerValue } from '../../lib/headers.js';
import type { RequestState } from '../request-state.js';
import { cloudTrailFacts } from './audit-cloudtrail.js';

export function audit(state: RequestState, deps: GatewayDeps): void {
  const { principal, authorization, error } = state;
  const signed = principal !== undefined && principal.type !== 'anonymous';
  // One object, its optional members set on it (conditional spreads made a short-lived object each, on every request).
  const event: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } = {
    timeMs: state.virtualMs,
    requestId: state.requestId,
    sourceIp: state.raw.remoteAddress,
    userAgent: headerValue(state.raw.headers, 'user-agent') ?? '',
    service: state.service?.name ?? null,
    operation: state.operationName ?? null,
    action: authorization?.action ?? state.operation?.authorization.action ?? null,
    resources: authorization?.resources ?? [],
    principalArn: signed ? principal.arn : (authorization?.caller ?? null),
    accessKeyId: signed ? principal.accessKeyId : null,
    decision: authorization?.decision ?? null,
    decidedBy: authorization?.decidedBy ?? null,
    explanation: authorization?.explanation ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    status: state.response?.status ?? 0,
  };
  if (signed) event.principalId = principal.userId;
  if (state.region !== undefined) event.region = state.region;
  if (state.credential?.kind === 'any-key') {
    event.acceptedAnyKey = { account: state.credential.principal.account, sessionTokenIgnored: state.credential.sessionTokenIgnored };
  }
  cloudTrailFacts(state, event);
  deps.audit.record(event);
}
