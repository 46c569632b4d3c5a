/** What the gateway needs from the app. Wired in `app/`, replaced freely in tests. */
import type { Principal } from '../auth/principal.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import type { ServiceName } from '../errors/auth-errors.js';
import type { IdSource } from '../ids/id-source.js';
import type { CredentialView } from '../services/identity/credential-view.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { ServiceContext } from '../services/operation.js';
import type { Store } from '../store/port.js';
import type { AuthorisationRecord } from './request-state.js';
import type { ServiceBinding } from './service-binding.js';

export interface AuthorisationQuery {
  readonly principal: Exclude<Principal, { type: 'anonymous' }>;
  readonly action: string;
  readonly resources: readonly string[];
  readonly context: ServiceContext;
}

/** Decides whether a principal may perform an action on resources (the policy engine behind it). */
export interface Authoriser {
  authorise(query: AuthorisationQuery): Promise<AuthorisationRecord> | AuthorisationRecord;
}

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface GatewayDeps {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly store: Store;
  readonly credentials: CredentialView;
  readonly iam: IamState;
  readonly authoriser: Authoriser;
  readonly services: ReadonlyMap<ServiceName, ServiceBinding>;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
}
