/**
 * The admin API's view of the lab (`/_iamlab/*`, used by the `iamlab` CLI): clock, root credentials,
 * audit events, reset. Built from the running lab's parts.
 */
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock, ClockMoveResult } from '../clock/clock.js';
import { CLOCK_PART, type LabSync } from '../store/lab-sync.js';
import type { AdminDeps, ClockCommand, ClockCommandResult } from '../server/admin/admin-deps.js';
import type { Gateway } from '../server/gateway.js';
import { instancesRoute } from '../server/admin/instances-route.js';
import { oidcRoute } from '../server/admin/oidc-route.js';
import type { IdSource } from '../ids/id-source.js';
import type { OidcIssuers } from '../services/oidc-issuers/oidc-issuers-state.js';
import { containersRoute } from '../server/admin/containers-route.js';
import { containerAgentsRoute } from '../server/container-agents.js';
import type { ContainerCredentials } from '../containers/index.js';
import { samlRoute } from '../server/admin/saml-route.js';
import { reportsRoute } from '../server/admin/reports-route.js';
import { isConsoleTarget } from '../server/admin/console/console-path.js';
import type { ConsoleDeps } from '../server/admin/console/console-deps.js';
import type { SessionIssuer } from '../services/identity/session-issuer.js';
import type { UsageDeps } from '../services/usage/index.js';
import type { LabSamlIdp } from '../services/saml-idp/lab-saml-idp.js';
import type { ImdsManager } from '../imds/index.js';
import type { Ec2State } from '../services/ec2/index.js';
import type { CredentialView } from '../services/identity/credential-view.js';
import type { IamState } from '../services/iam/index.js';
import type { MfaState } from '../services/mfa/index.js';
import type { Store } from '../store/port.js';
import { putClockChange, saveClockChange } from '../store/repos/clock-repo.js';
import { accessKeysRepo, accountsRepo } from '../store/repos/identity-repo.js';
import type { StoredAccessKey } from '../store/repos/identity-repo.js';
import { TOTP_STEP_MS, totpCode, totpStep } from '../lib/totp.js';
import type { LabConfig } from './config.js';
import { revokeSessions } from './revoke-sessions.js';
import { VERSION } from './version.js';

interface AdminParts {
  readonly config: LabConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly credentials: CredentialView;
  readonly iam: IamState;
  readonly mfa: MfaState;
  readonly audit: AuditRecorder;
  readonly gateway: Gateway;
  rootKey(): StoredAccessKey;
  reset(): Promise<void>;
  /** Creates an account with root keys; undefined when it exists already. */
  createAccount(accountId: string): Promise<StoredAccessKey | undefined>;
  readonly ec2: Ec2State;
  readonly imds: ImdsManager;
  readonly oidc: OidcIssuers;
  readonly ids: IdSource;
  readonly containers: ContainerCredentials;
  readonly samlIdp: LabSamlIdp;
  readonly usage: UsageDeps;
  readonly issuer: SessionIssuer;
  /** The node's link to the other nodes of the lab, when the store is shared. */
  readonly sync: LabSync | undefined;
}

export function createAdmin(parts: AdminParts): AdminDeps {
  const { config, store, clock, audit, sync } = parts;
  return {
    ...(sync === undefined ? {} : { catchUp: () => sync.barrier() }),
    version: VERSION,
    storeKind: config.store.kind,
    adminToken: config.adminToken,
    clockState: () => clock.state(),
    clockHistory: () => clock.history,
    moveClock: async (command) => moveClock(clock, store, command, parts.sync),
    rootCredentials: async (account) => {
      const wanted = account ?? config.accountId;
      const key =
        wanted === parts.rootKey().account
          ? parts.rootKey()
          : (await store.transaction((tx) => accessKeysRepo.list(tx))).find(
              (candidate) => candidate.account === wanted && candidate.owner.type === 'root' && candidate.status === 'Active',
            );
      return key === undefined ? undefined : credentialsOf(key);
    },
    createAccount: async (account) => {
      const key = await parts.createAccount(account);
      return key === undefined ? undefined : credentialsOf(key);
    },
    listAccounts: async () => (await store.transaction((tx) => accountsRepo.list(tx))).map((account) => account.id),
    mfaCodes: (serialNumber, count) => {
      const device = parts.mfa.findAnywhere(serialNumber);
      if (device === undefined) return undefined;
      // What an authenticator app shows: the code of the current 30-second step of the wall clock, and the next.
      const now = clock.wallNow() + device.driftSteps * TOTP_STEP_MS;
      const step = totpStep(now);
      const codes = Array.from({ length: count }, (_, i) => totpCode(device.seed, now + i * TOTP_STEP_MS));
      const freshStep = Math.max(step, (device.lastUsedStep ?? -1) + 1);
      return { serialNumber, codes, freshInMs: freshStep === step ? 0 : freshStep * TOTP_STEP_MS - now };
    },
    queryEvents: async (query) => {
      await audit.flush();
      return store.queryEvents(query);
    },
    reset: () => parts.reset(),
    instancesRoute: (raw) => instancesRoute(raw, { ec2: parts.ec2, clock, endpointOf: (id) => parts.imds.endpointOf(id) }),
    oidcRoute: (raw, adminAuthorized) => oidcRoute(raw, { issuers: parts.oidc, clock, ids: parts.ids }, adminAuthorized),
    containersRoute: (raw) => containersRoute(raw, { containers: parts.containers, clock }),
    containerAgents: (raw) => containerAgentsRoute(raw, parts.containers),
    samlRoute: (raw) => samlRoute(raw, parts.samlIdp),
    reportsRoute: (raw) => reportsRoute(raw, { iam: parts.iam, usage: parts.usage, clock, defaultAccount: config.accountId }),
    consoleRoute: (raw, adminAuthorized) => {
      if (!isConsoleTarget(raw.rawTarget)) return undefined;
      const consoleDeps: ConsoleDeps = {
        defaultAccount: config.accountId,
        store,
        clock,
        iam: parts.iam,
        mfa: parts.mfa,
        ec2: parts.ec2,
        imds: parts.imds,
        audit,
        issuer: parts.issuer,
        queryEvents: (query) => store.queryEvents(query),
      };
      // Loaded on first use: a lab whose console is never opened never loads it (design.md "The console").
      return import('../server/admin/console/console-route.js').then((module) => module.consoleRoute(raw, adminAuthorized, consoleDeps));
    },
    revokeSessions: (roleName) => revokeSessions(parts.gateway, clock, parts.rootKey(), roleName),
    health: () => ({ credentials: parts.credentials.size }),
  };
}

function credentialsOf(key: StoredAccessKey): { account: string; accessKeyId: string; secretAccessKey: string } {
  return { account: key.account, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

function clockMove(clock: Clock, command: ClockCommand): ClockMoveResult {
  return command.action === 'advance'
    ? clock.advance(command.byMs)
    : command.action === 'set'
      ? clock.set(command.toMs)
      : command.action === 'freeze'
        ? clock.freeze()
        : clock.resume();
}

/**
 * Moves the clock and keeps the change. On a lab of several nodes the move is decided on the lab's newest
 * clock (after catching up, under the store lock) and announced to the other nodes with its commit.
 */
async function moveClock(clock: Clock, store: Store, command: ClockCommand, sync: LabSync | undefined): Promise<ClockCommandResult> {
  if (sync === undefined) {
    const result = clockMove(clock, command);
    if (result.kind !== 'ok') return result;
    await saveClockChange(store, result.change);
    return { kind: 'ok', state: clock.state() };
  }
  let moved: ClockMoveResult | undefined;
  try {
    await sync.mutate(async (tx) => {
      moved = clockMove(clock, command);
      if (moved.kind !== 'ok') return { value: undefined };
      await putClockChange(tx, moved.change);
      return { value: undefined, change: { part: CLOCK_PART, body: { ...moved.change } } };
    });
  } catch (error) {
    // The clock took the move before the commit failed: it reads the kept history again.
    if (moved?.kind === 'ok') void sync.resync().catch(() => undefined);
    throw error;
  }
  return moved === undefined || moved.kind === 'ok' ? { kind: 'ok', state: clock.state() } : moved;
}
