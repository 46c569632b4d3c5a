/**
 * Step 4, authenticate: signature, key, token and time (auth/authenticate.ts) → a Principal, or the service's
 * own error for the failure (errors/auth-errors.ts), as the service's protocol does it (protocols/).
 */
import type { GatewayDeps } from '../gateway-deps.js';
import type { ParsedState } from '../request-state.js';

export function authenticate(state: ParsedState, deps: GatewayDeps): void {
  state.service.protocol.authenticate(state, deps);
}
