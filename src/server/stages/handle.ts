/**
 * Stage 5, handle: the operation runs and returns typed output. An `AwsError` is the client's answer;
 * anything else is a bug, logged with the request id and answered 500 `InternalFailure`, never a crash.
 */
import { isAwsError } from '../../errors/aws-error.js';
import { queryErrors } from '../../errors/common.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';
import { serviceContext } from './service-context.js';

export async function handle(state: RequestState, deps: GatewayDeps): Promise<void> {
  const { operation, input } = state;
  if (operation === undefined || input === undefined) return;
  try {
    state.output = await operation.handle(input, serviceContext(state, deps));
  } catch (error) {
    if (isAwsError(error)) {
      state.error = error;
      return;
    }
    deps.logger.error(`request ${state.requestId}: ${state.operationName ?? 'unknown operation'} failed`, error);
    state.error = queryErrors.internalFailure();
  }
}
