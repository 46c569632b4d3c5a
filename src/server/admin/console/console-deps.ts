/**
 * What the console (`/_iamlab/ui`, design.md "The console") reads of the running lab. The app hands these
 * parts over; the console module that uses them is loaded only when the console is first asked for.
 */
import type { AuditRecorder } from '../../../audit/audit-recorder.js';
import type { Clock } from '../../../clock/clock.js';
import type { ImdsManager } from '../../../imds/index.js';
import type { Ec2State } from '../../../services/ec2/index.js';
import type { IamState } from '../../../services/iam/index.js';
import type { SessionIssuer } from '../../../services/identity/session-issuer.js';
import type { MfaState } from '../../../services/mfa/index.js';
import type { EventQuery, StoredEvent, Store } from '../../../store/port.js';

export interface ConsoleDeps {
  /** The lab's own account: `revoke-sessions` acts in it. */
  readonly defaultAccount: string;
  readonly store: Store;
  readonly clock: Clock;
  readonly iam: IamState;
  readonly mfa: MfaState;
  readonly ec2: Ec2State;
  readonly imds: ImdsManager;
  readonly audit: AuditRecorder;
  readonly issuer: SessionIssuer;
  /** The audit trail, everything recorded so far included (the admin API's `events`). */
  queryEvents(query: EventQuery): Promise<StoredEvent[]>;
}
