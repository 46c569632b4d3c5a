/** What the gateway needs from the app. Wired in `app/`, replaced freely in tests. */
import type { CredentialLookup } from '../auth/credentials.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import type { ServiceName } from '../errors/auth-errors.js';
import type { IdSource } from '../ids/id-source.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { Authoriser } from '../services/authoriser/authoriser.js';
import type { Store } from '../store/port.js';
import type { PresignedWindows } from './presigned-windows.js';
import type { ServiceBinding } from './service-binding.js';

export type { Authoriser, AuthorisationQuery } from '../services/authoriser/authoriser.js';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface GatewayDeps {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly store: Store;
  /** What authentication looks keys up in: long-term keys and sealed session tokens. */
  readonly lookup: CredentialLookup;
  readonly iam: IamState;
  readonly authoriser: Authoriser;
  readonly services: ReadonlyMap<ServiceName, ServiceBinding>;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  /** The largest body read whole (form bodies, S3 XML and policy documents); object bodies stream. */
  readonly maxBodyBytes: number;
  /** Where presigned URLs' windows lie on the virtual clock when their signing time cannot say. */
  readonly presignedWindows: PresignedWindows;
}
