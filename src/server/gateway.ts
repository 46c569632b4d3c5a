/**
 * The gateway: every AWS request goes through the same explicit, ordered list of stages (design.md "One
 * request"). A stage that sets `state.error` ends the list; serialise and audit always run.
 */
import { InternalError, isAwsError } from '../errors/aws-error.js';
import type { ServiceName } from '../errors/auth-errors.js';
import { failedUnexpectedly } from './failure-errors.js';
import type { GatewayDeps } from './gateway-deps.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import type { RequestState } from './request-state.js';
import { isAuthenticated, isParsed, isRouted } from './request-state.js';
import { audit } from './stages/audit.js';
import { authenticate } from './stages/authenticate.js';
import { authorize } from './stages/authorize.js';
import { catchUp } from './stages/catch-up.js';
import { handle } from './stages/handle.js';
import { parse } from './stages/parse.js';
import { route } from './stages/route.js';
import { serialise } from './stages/serialise.js';

type Stage = (state: RequestState, deps: GatewayDeps) => void | Promise<void>;

/**
 * A stage that needs its state narrowed (`ready`): the gateway checks it once here, so the stage reads its
 * inputs without guards. A state that is not ready with no error set is a bug of the stage before it.
 */
function stage<S extends RequestState>(
  name: string,
  ready: (state: RequestState) => state is S,
  run: (state: S, deps: GatewayDeps) => void | Promise<void>,
): Stage {
  return (state, deps) => {
    if (!ready(state)) throw new InternalError(`the ${name} stage was reached without what it needs`);
    return run(state, deps);
  };
}

/** route → (catch up) → parse → authenticate → authorize → handle; then serialise → audit, whatever happened. */
const PIPELINE: readonly (readonly [string, Stage])[] = [
  ['route', route],
  ['catch-up', catchUp],
  ['parse', stage('parse', isRouted, parse)],
  ['authenticate', stage('authenticate', isParsed, authenticate)],
  ['authorize', stage('authorize', isAuthenticated, authorize)],
  ['handle', stage('handle', isAuthenticated, handle)],
];

const FINALLY: readonly (readonly [string, Stage])[] = [
  ['serialise', serialise],
  ['audit', audit],
];

export class Gateway {
  readonly #deps: GatewayDeps;

  readonly #streams = new Map<string, boolean>();

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
  }

  /** The operations a service answers, by name (a probe checks that every operation of IAM's model has one). */
  operationNames(service: ServiceName): readonly string[] {
    return [...(this.#deps.services.get(service)?.operations.keys() ?? [])];
  }

  /**
   * Whether a request with this method leaves its body on the socket for the handler to stream, as some
   * service's protocol asks (S3's PUTs of objects and parts): the HTTP adapter reads every other body whole.
   */
  streamsBody(method: string): boolean {
    let streams = this.#streams.get(method);
    if (streams === undefined) {
      streams = [...this.#deps.services.values()].some((binding) => binding.protocol.streamsBody(method));
      this.#streams.set(method, streams);
    }
    return streams;
  }

  /**
   * Runs the pipeline. Synchronous as long as every stage is (GetCallerIdentity, most denials): no promise
   * is made for a request that never waits. The first stage that returns a promise continues the rest
   * after it.
   */
  handle(raw: RawRequest): RawResponse | Promise<RawResponse> {
    const deps = this.#deps;
    const wallMs = deps.clock.wallNow();
    const state: RequestState = { raw, requestId: deps.ids.requestId(wallMs), wallMs, virtualMs: deps.clock.toVirtual(wallMs) };
    return this.#stages(state, PIPELINE, 0, true);
  }

  /**
   * Runs `stages` from `from` in order (PIPELINE: until one sets an error; FINALLY: all of them), then what
   * follows them. A stage that returns a promise continues the rest after it settles: no promise is dropped.
   */
  #stages(state: RequestState, stages: readonly (readonly [string, Stage])[], from: number, pipeline: boolean): RawResponse | Promise<RawResponse> {
    for (let i = from; i < stages.length && !(pipeline && state.error !== undefined); i++) {
      const [name, stage] = stages[i] as (typeof stages)[number];
      try {
        const pending = stage(state, this.#deps);
        if (pending !== undefined) {
          return pending.then(
            () => this.#stages(state, stages, i + 1, pipeline),
            (error: unknown) => {
              this.#stageFailed(state, name, error, pipeline);
              return this.#stages(state, stages, i + 1, pipeline);
            },
          );
        }
      } catch (error) {
        this.#stageFailed(state, name, error, pipeline);
      }
    }
    return pipeline ? this.#stages(state, FINALLY, 0, false) : (state.response ?? { status: 500, headers: [], body: '' });
  }

  #stageFailed(state: RequestState, name: string, error: unknown, pipeline: boolean): void {
    if (pipeline) this.#failed(state, name, error);
    else this.#finallyFailed(state, name, error);
  }

  /**
   * A FINALLY stage failed. When that left the request without an answer (the serialiser threw on an output
   * or an error), the answer becomes the service's InternalFailure, serialised again; should that throw too,
   * a bare 500 goes out rather than nothing.
   */
  #finallyFailed(state: RequestState, name: string, error: unknown): void {
    if (state.response !== undefined) {
      this.#deps.logger.error(`request ${state.requestId}: stage ${name} failed`, error);
      return;
    }
    state.error = failedUnexpectedly(this.#deps.logger, `request ${state.requestId}: stage ${name}`, state.service?.name, error);
    try {
      const again = serialise(state, this.#deps);
      if (again !== undefined) throw new TypeError('the serialise stage must not return a promise');
    } catch (second) {
      this.#deps.logger.error(`request ${state.requestId}: serialising the failure failed too`, second);
      state.response = { status: 500, headers: [], body: '' };
    }
  }

  /** An AwsError thrown by a stage (a header an authorization check parses) is the client's answer; anything else a failure. */
  #failed(state: RequestState, name: string, error: unknown): void {
    if (isAwsError(error)) {
      state.error = error;
      return;
    }
    state.error = failedUnexpectedly(this.#deps.logger, `request ${state.requestId}: stage ${name}`, state.service?.name, error);
  }
}
