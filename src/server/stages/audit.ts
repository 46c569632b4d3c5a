/** Step 8, audit: one event per request with its decision, explanation and error (queued, not awaited). */
import type { GatewayDeps } from '../gateway-deps.js';
import { headerValue } from '../raw-http.js';
import type { RequestState } from '../request-state.js';

export function audit(state: RequestState, deps: GatewayDeps): void {
  const { principal, authorisation, error } = state;
  deps.audit.record({
    timeMs: state.virtualMs,
    requestId: state.requestId,
    sourceIp: state.raw.remoteAddress,
    userAgent: headerValue(state.raw.headers, 'user-agent') ?? '',
    service: state.service?.name ?? null,
    operation: state.operationName ?? null,
    action: authorisation?.action ?? state.operation?.authorization.action ?? null,
    resources: authorisation?.resources ?? [],
    principalArn: principal === undefined || principal.type === 'anonymous' ? null : principal.arn,
    accessKeyId: principal === undefined || principal.type === 'anonymous' ? null : principal.accessKeyId,
    decision: authorisation?.decision ?? null,
    decidedBy: authorisation?.decidedBy ?? null,
    explanation: authorisation?.explanation ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    status: state.response?.status ?? 0,
  });
}
