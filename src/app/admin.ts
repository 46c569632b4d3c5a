/**
 * The admin API's view of the lab (`/_iamlab/*`, used by the `iamlab` CLI): clock, root credentials,
 * audit events, reset. Built from the running lab's parts.
 */
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import type { AdminDeps, ClockCommand, ClockCommandResult } from '../server/admin/admin-deps.js';
import type { Gateway } from '../server/gateway.js';
import type { CredentialView } from '../services/identity/credential-view.js';
import type { IamState } from '../services/iam/index.js';
import type { Store } from '../store/port.js';
import { saveClockChange } from '../store/repos/clock-repo.js';
import type { StoredAccessKey } from '../store/repos/identity-repo.js';
import type { LabConfig } from './config.js';
import { revokeSessions } from './revoke-sessions.js';
import { VERSION } from './version.js';

export interface AdminParts {
  readonly config: LabConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly credentials: CredentialView;
  readonly iam: IamState;
  readonly audit: AuditRecorder;
  readonly gateway: Gateway;
  rootKey(): StoredAccessKey;
  reset(): Promise<void>;
}

export function createAdmin(parts: AdminParts): AdminDeps {
  const { config, store, clock, audit } = parts;
  return {
    version: VERSION,
    storeKind: store.kind,
    adminToken: config.adminToken,
    clockState: () => clock.state(),
    clockHistory: () => clock.history,
    moveClock: async (command) => moveClock(clock, store, command),
    rootCredentials: async (account) => {
      const key = parts.rootKey();
      return (account ?? config.accountId) === key.account
        ? { account: key.account, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }
        : undefined;
    },
    queryEvents: async (query) => {
      await audit.flush();
      return store.queryEvents(query);
    },
    reset: () => parts.reset(),
    revokeSessions: (roleName) => revokeSessions(parts.gateway, clock, parts.rootKey(), roleName),
    health: () => ({ credentials: parts.credentials.size }),
  };
}

async function moveClock(clock: Clock, store: Store, command: ClockCommand): Promise<ClockCommandResult> {
  const result =
    command.action === 'advance'
      ? clock.advance(command.byMs)
      : command.action === 'set'
        ? clock.set(command.toMs)
        : command.action === 'freeze'
          ? clock.freeze()
          : clock.resume();
  if (!result.ok) return result;
  await saveClockChange(store, result.change);
  return { ok: true, state: clock.state() };
}
