/** What the gateway needs from the app. Wired in `app/`, replaced freely in tests. */
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { ServiceName } from '../errors/auth-errors.js';
import type { IdSource } from '../ids/id-source.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { Authorizer } from '../services/authorizer/authorizer.js';
import type { Store } from '../store/port.js';
import type { ProtocolDeps, ServiceBinding } from './request-state.js';

export type { Authorizer } from '../services/authorizer/authorizer.js';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface GatewayDeps extends ProtocolDeps {
  readonly ids: IdSource;
  readonly store: Store;
  readonly iam: IamState;
  readonly authorizer: Authorizer;
  readonly services: ReadonlyMap<ServiceName, ServiceBinding>;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  /** On a lab of several nodes: resolves once this node has applied what the others committed (store/lab-sync.ts). */
  readonly sync?: { barrier(): Promise<void> };
}
