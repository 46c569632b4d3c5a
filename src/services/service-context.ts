/**
 * What every handler and authorisation hook is given for one request (operation.ts declares operations
 * over it; the gateway's service-context stage builds it). Kept apart from the operation records so that the
 * authoriser port and the operations can both name it without importing each other.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock/clock.js';
import type { IdSource } from '../ids/id-source.js';
import type { Store } from '../store/port.js';
import type { IamState } from './iam/iam-state.js';

/** Everything a handler may use. Handlers never see HTTP, codecs or a concrete store. */
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
  readonly store: Store;
  readonly iam: IamState;
}
