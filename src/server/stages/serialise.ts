/**
 * Stage 6, serialise: output or error in the service's envelope, with the headers every AWS response has.
 * The `Date` header is the client's frame (design.md "Time": toWall(virtual now) — the wall clock).
 */
import { httpDate } from '../../lib/encoding.js';
import { queryErrors } from '../../errors/common.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';
import type { Serialised } from '../service-binding.js';

export function serialise(state: RequestState, deps: GatewayDeps): void {
  const { service } = state;
  const error = state.error ?? (state.output === undefined ? queryErrors.internalFailure() : undefined);
  let serialised: Serialised;
  let status = 200;
  if (service === undefined) {
    serialised = { body: '', headers: [] };
    status = error?.status ?? 500;
  } else if (error !== undefined) {
    serialised = service.serialiseError(error, state.requestId);
    status = error.status;
  } else {
    serialised = service.serialise(state.operationName ?? '', state.output ?? {}, {
      requestId: state.requestId,
      toWireTime: (virtualMs) => deps.clock.toWall(virtualMs),
    });
  }
  const body = state.raw.method === 'HEAD' ? '' : serialised.body;
  state.response = {
    status,
    headers: [
      ...serialised.headers,
      ...(error?.headers ?? []),
      ['Date', httpDate(deps.clock.wallNow())],
      ['Content-Length', String(Buffer.byteLength(body))],
    ],
    body,
  };
}
