/**
 * The gateway: every AWS request goes through the same explicit, ordered list of stages (design.md "One
 * request"). A stage that sets `state.error` ends the list; serialise and audit always run.
 */
import { queryErrors } from '../errors/common.js';
import type { GatewayDeps } from './gateway-deps.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import type { RequestState } from './request-state.js';
import { audit } from './stages/audit.js';
import { authenticate } from './stages/authenticate.js';
import { authorise } from './stages/authorise.js';
import { handle } from './stages/handle.js';
import { parse } from './stages/parse.js';
import { route } from './stages/route.js';
import { serialise } from './stages/serialise.js';

type Stage = (state: RequestState, deps: GatewayDeps) => void | Promise<void>;

/** route → parse → authenticate → authorise → handle; then serialise → audit, whatever happened. */
export const PIPELINE: readonly (readonly [string, Stage])[] = [
  ['route', route],
  ['parse', parse],
  ['authenticate', authenticate],
  ['authorise', authorise],
  ['handle', handle],
];

export const FINALLY: readonly (readonly [string, Stage])[] = [
  ['serialise', serialise],
  ['audit', audit],
];

export class Gateway {
  readonly #deps: GatewayDeps;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
  }

  async handle(raw: RawRequest): Promise<RawResponse> {
    const deps = this.#deps;
    const wallMs = deps.clock.wallNow();
    const state: RequestState = { raw, requestId: deps.ids.requestId(wallMs), wallMs, virtualMs: deps.clock.toVirtual(wallMs) };
    for (const [name, stage] of PIPELINE) {
      if (state.error !== undefined) break;
      try {
        // Most stages are synchronous; awaiting only promises keeps the hot path off the microtask queue.
        const pending = stage(state, deps);
        if (pending !== undefined) await pending;
      } catch (error) {
        deps.logger.error(`request ${state.requestId}: stage ${name} failed`, error);
        state.error = queryErrors.internalFailure();
      }
    }
    for (const [name, stage] of FINALLY) {
      try {
        void stage(state, deps);
      } catch (error) {
        deps.logger.error(`request ${state.requestId}: stage ${name} failed`, error);
      }
    }
    return state.response ?? { status: 500, headers: [], body: '' };
  }
}
