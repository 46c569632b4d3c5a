/**
 * Step 6, handle: the operation runs and returns typed output. An `AwsError` is the client's answer;
 * the store being unavailable is the service's 503; anything else is a bug, logged with the request id and
 * answered with the service's 500, never a crash.
 */
import { isAwsError } from '../../errors/aws-error.js';
import { failedUnexpectedly } from '../failure-errors.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { AuthenticatedState } from '../request-state.js';
import { accessDeniedError } from '../../errors/access-denied.js';
import type { AwsError } from '../../errors/aws-error.js';
import { requestFacts } from './authorize.js';
import { serviceContext } from './service-context.js';

/** The AccessDenied that hides a missing resource from a caller not allowed to learn of it, if so. */
async function concealed(state: AuthenticatedState, deps: GatewayDeps, error: AwsError): Promise<AwsError | undefined> {
  const { operation, input, principal, service } = state;
  const conceal = operation.concealMissing;
  if (conceal === undefined) return undefined;
  if (!conceal.codes.includes(error.code)) return undefined;
  const context = serviceContext(state, deps);
  const { authorization } = operation;
  const owner = authorization.kind === 'policy' ? authorization.owner?.(input, context) : undefined;
  const check = conceal.check(input);
  const outcome = await deps.authorizer.authorize({
    principal,
    credential: state.credential,
    checks: [check],
    context,
    request: requestFacts(state),
    ...(owner === undefined ? {} : { owner }),
  });
  if (outcome.record.decision === 'Allowed') return undefined;
  return accessDeniedError(service.name, {
    principalArn: principal.type === 'anonymous' ? 'anonymous' : principal.arn,
    action: check.action,
    resource: check.resource,
  });
}

/** Synchronous when the operation answers synchronously (GetCallerIdentity); a promise otherwise. */
export function handle(state: AuthenticatedState, deps: GatewayDeps): void | Promise<void> {
  const { operation, input } = state;
  let result: unknown;
  try {
    result = operation.handle(input, serviceContext(state, deps));
  } catch (error) {
    return failed(state, deps, error);
  }
  if (!(result instanceof Promise)) {
    state.output = result as Record<string, unknown>;
    return;
  }
  return result.then(
    (output: Record<string, unknown>) => {
      state.output = output;
    },
    (error: unknown) => failed(state, deps, error),
  );
}

/** An AwsError is the client's answer (perhaps concealed); the store being unavailable is the service's 503;
 * anything else is a bug, answered with the service's 500. */
async function failed(state: AuthenticatedState, deps: GatewayDeps, error: unknown): Promise<void> {
  if (isAwsError(error)) {
    state.error = (await concealed(state, deps, error)) ?? error;
    return;
  }
  state.error = failedUnexpectedly(deps.logger, `request ${state.requestId}: ${state.operationName}`, state.service.name, error);
}
