/**
 * Stage 4, authorise: the operation declares its IAM action and resources; the authoriser (the policy engine
 * over the caller's policies) decides. A deny becomes the service's own AccessDenied-family error.
 */
import { assertNever } from '../../lib/assert-never.js';
import { accessDeniedError } from '../../errors/access-denied.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';
import { serviceContext } from './service-context.js';

export async function authorise(state: RequestState, deps: GatewayDeps): Promise<void> {
  const { operation, input, principal, service } = state;
  if (operation === undefined || input === undefined || principal === undefined || service === undefined) return;
  const { authorization } = operation;
  switch (authorization.kind) {
    case 'never-denied':
      state.authorisation = {
        action: authorization.action,
        resources: ['*'],
        decision: 'Allowed',
        decidedBy: 'this action needs no permission',
        explanation: null,
      };
      return;
    case 'in-handler':
      return;
    case 'policy': {
      if (principal.type === 'anonymous') return;
      const context = serviceContext(state, deps);
      const resources = authorization.resources(input, context);
      const record = await deps.authoriser.authorise({ principal, action: authorization.action, resources, context });
      state.authorisation = record;
      if (record.decision !== 'Allowed') {
        state.error = accessDeniedError(service.name, {
          principalArn: principal.arn,
          action: authorization.action,
          resource: resources[0] ?? '*',
        });
      }
      return;
    }
    default:
      assertNever(authorization, 'authorization');
  }
}
