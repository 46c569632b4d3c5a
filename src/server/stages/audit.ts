/** Step 8, audit: one event per request with its decision, explanation and error (queued, not awaited). */
import type { GatewayDeps } from '../gateway-deps.js';
import { headerValue } from '../../lib/headers.js';
import type { RequestState } from '../request-state.js';
import { cloudTrailFacts } from './audit-cloudtrail.js';
import type { AuditEvent } from '../../audit/audit-event.js';

export function audit(state: RequestState, deps: GatewayDeps): void {
  const { principal, authorization, error } = state;
  const signed = principal !== undefined && principal.type !== 'anonymous';
  // Built member by member in one object, in the order the trail has always stored them (conditional spreads
  // made a short-lived object each, on every request); the members after these are all set below.
  const event = {
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
  } as { -readonly [K in keyof AuditEvent]: AuditEvent[K] };
  if (signed) event.principalId = principal.userId;
  if (state.region !== undefined) event.region = state.region;
  if (state.credential?.kind === 'any-key') {
    event.acceptedAnyKey = { account: state.credential.principal.account, sessionTokenIgnored: state.credential.sessionTokenIgnored };
  }
  event.decision = authorization?.decision ?? null;
  event.decidedBy = authorization?.decidedBy ?? null;
  event.explanation = authorization?.explanation ?? null;
  event.errorCode = error?.code ?? null;
  event.errorMessage = error?.message ?? null;
  event.status = state.response?.status ?? 0;
  cloudTrailFacts(state, event);
  deps.audit.record(event);
}
