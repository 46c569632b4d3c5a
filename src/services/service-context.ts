/**
 * What every handler and authorization hook is given for one request (operation.ts declares operations
 * over it; the gateway's service-context stage builds it). Kept apart from the operation records so that the
 * authorizer port and the operations can both name it without importing each other.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock/clock.js';
import type { IdSource } from '../ids/id-source.js';
import type { IamState } from './iam/iam-state.js';

/** Everything a handler may use. Handlers never see HTTP, codecs or the store: what they keep is in their service's state view. */
export interface ServiceContext {
  readonly requestId: string;
  readonly principal: Principal;
  /** The account the request acts in (the caller's account for IAM/STS). */
  readonly account: string;
  /** Region from the credential scope (aws:RequestedRegion). */
  readonly region: string;
  /** Virtual time of the request, epoch ms. */
  readonly nowMs: number;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly iam: IamState;
}
