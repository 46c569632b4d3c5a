/**
 * Step 1½, on a lab of several nodes (design.md "One lab on many nodes"): before anything is decided, this
 * node applies every change another node committed before the request arrived, so a client that wrote through
 * one node and reads through another sees its write. The request's virtual time is read again afterwards: a
 * clock move made on another node may be among what was applied. After `route`, so that a store outage is
 * answered in the service's own 503 envelope.
 */
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';

export function catchUp(state: RequestState, deps: GatewayDeps): Promise<void> | undefined {
  const { sync } = deps;
  if (sync === undefined) return undefined;
  return sync.barrier().then(() => {
    state.virtualMs = deps.clock.toVirtual(state.wallMs);
  });
}
