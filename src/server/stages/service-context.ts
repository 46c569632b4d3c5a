/** Builds the ServiceContext a handler sees from the request state. */
import type { ServiceContext } from '../../services/operation.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { AuthenticatedState } from '../request-state.js';

export function serviceContext(state: AuthenticatedState, deps: GatewayDeps): ServiceContext {
  const { principal } = state;
  return {
    requestId: state.requestId,
    principal,
    account: principal.type === 'anonymous' ? '' : principal.account,
    region: state.region,
    nowMs: state.virtualMs,
    clock: deps.clock,
    ids: deps.ids,
    iam: deps.iam,
  };
}
