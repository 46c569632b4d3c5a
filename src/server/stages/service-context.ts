/** Builds the ServiceContext a handler sees from the request state. */
import { InternalError } from '../../errors/aws-error.js';
import type { ServiceContext } from '../../services/operation.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';

export function serviceContext(state: RequestState, deps: GatewayDeps): ServiceContext {
  const { principal } = state;
  if (principal === undefined) throw new InternalError('a service context needs an authenticated principal');
  return {
    requestId: state.requestId,
    principal,
    account: principal.type === 'anonymous' ? '' : principal.account,
    region: state.region ?? 'us-east-1',
    nowMs: state.virtualMs,
    clock: deps.clock,
    ids: deps.ids,
    store: deps.store,
    iam: deps.iam,
  };
}
