/**
 * Step 7, serialise: the output or the error in the service's envelope, by the service's protocol, with the
 * headers every AWS response has. The `Date` header is the client's frame (design.md "Time": toWall(virtual
 * now) — the wall clock). A request that never found its service gets a bare answer with the error's status.
 */
import { failureError } from '../failure-errors.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';

export function serialise(state: RequestState, deps: GatewayDeps): void {
  const { service } = state;
  const error = state.error ?? (state.output === undefined ? failureError(service?.name, undefined) : undefined);
  state.response = service === undefined ? { status: error?.status ?? 500, headers: [], body: '' } : service.protocol.respond(state, error, deps);
}
