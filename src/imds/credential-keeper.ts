/**
 * The role credentials IMDS hands an instance (aws-behaviour.md §4.3, §4.4, §10.6), obtained when an association
 * or a boot starts and otherwise decided lazily at request time from recorded instants and the virtual clock
 * (no timers):
 * - a role session named after the instance id, with `ec2` claims: IMDSv1 (token-less) requests get one set
 *   (`ec2:RoleDelivery` 1.0), IMDSv2 requests another (2.0);
 * - a set lives `credentialLifetimeMs` (6 h) and is replaced at the first request once less than
 *   `refreshBeforeMs` (1 h) is left, so a served set always has over an hour left while refresh works;
 * - IMDS looks at the profile again at most `profileCheckIntervalMs` (1 h) after its last look: that is
 *   when a role added to the profile or a repaired trust policy is picked up;
 * - a new association (launch, Associate, Replace) and a new boot (start) start afresh at once: `prime` obtains
 *   both sets then, so a role removed from the profile before anyone asked still leaves them listed and served
 *   until they expire (§10.6); a state primed for neither (a lab restarted meanwhile) starts at the next request;
 * - when the profile can no longer give credentials (role removed, trust broken), the issued set keeps being
 *   listed and served until it expires (Uptycs, §4.4), then the path is 404 (or, trust broken, the 200
 *   `AssumeRoleUnauthorizedAccess` document);
 * - Disassociate: `iam/*` is 404 once the association is gone, or under `keep-credentials` the last set is
 *   served until it expires (§4.4 [U]).
 * Sessions already handed out stay valid everywhere until they expire: nothing here revokes.
 *
 * On a lab of several nodes (`shared`), every node serves the instance's metadata: the state is read from the
 * store before each decision and written only if no node wrote it meanwhile (otherwise that node's state is
 * adopted), so all nodes serve one credential state.
 */
import { KeyedMutex } from '../lib/async-mutex.js';
import { instanceArn } from '../arn/arn.js';
import type { Clock } from '../clock/clock.js';
import type { Ec2State } from '../services/ec2/ec2-state.js';
import type { AssociationRecord, InstanceRecord } from '../services/ec2/ec2-records.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { SessionIssuer } from '../services/identity/session-issuer.js';
import type { Json, Store } from '../store/port.js';
import type { ImdsConfig } from './imds-config.js';
import { imdsJson, imdsTime } from './imds-json.js';
import type { ProfileStatus } from './profile-status.js';
import { profileStatus } from './profile-status.js';

const IMDS_CREDENTIALS_COLLECTION = 'imds-credentials';

export type Delivery = '1.0' | '2.0';

const DELIVERIES: readonly Delivery[] = ['1.0', '2.0'];

interface CredentialSet {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly issuedMs: number;
  readonly expiresMs: number;
}

interface InstanceCredentialState {
  readonly instanceId: string;
  readonly associationId: string;
  readonly profileId: string;
  readonly profileArn: string;
  readonly boot: number;
  readonly lastCheckMs: number;
  readonly status: ProfileStatus;
  readonly sets: { readonly '1.0'?: CredentialSet; readonly '2.0'?: CredentialSet };
}

/** What `iam/` shows for one request: nothing, or the info document, the listed role and its document. */
export type IamView =
  | { readonly kind: 'absent' }
  | { readonly kind: 'present'; readonly info: string; readonly roleName: string | undefined; readonly credentials: string | undefined };

interface CredentialKeeperDeps {
  readonly ec2: Ec2State;
  readonly iam: IamState;
  readonly clock: Clock;
  readonly issuer: SessionIssuer;
  readonly store: Store;
  readonly config: ImdsConfig;
  /** Several nodes share the store: the state is read from it before each decision. */
  readonly shared?: boolean;
}

/** A check is due when the last look at the profile is older than the interval. */
function checkDue(state: InstanceCredentialState, nowMs: number, config: ImdsConfig): boolean {
  return nowMs >= state.lastCheckMs + config.profileCheckIntervalMs;
}

/** A new set is needed when the profile gives credentials and the set is missing, of another role, or old. */
function issueDue(state: InstanceCredentialState, delivery: Delivery, nowMs: number, config: ImdsConfig): boolean {
  if (state.status.kind !== 'ok') return false;
  const set = state.sets[delivery];
  return set === undefined || set.roleId !== state.status.role.id || set.expiresMs - nowMs < config.refreshBeforeMs;
}

export class CredentialKeeper {
  readonly #deps: CredentialKeeperDeps;
  readonly #states = new Map<string, InstanceCredentialState>();
  readonly #locks = new KeyedMutex();

  private constructor(deps: CredentialKeeperDeps, states: readonly InstanceCredentialState[]) {
    this.#deps = deps;
    for (const state of states) this.#states.set(state.instanceId, state);
  }

  static async load(deps: CredentialKeeperDeps): Promise<CredentialKeeper> {
    const entries = await deps.store.transaction((tx) => tx.list(IMDS_CREDENTIALS_COLLECTION));
    return new CredentialKeeper(
      deps,
      entries.map((e) => e.value as unknown as InstanceCredentialState),
    );
  }

  /** The recorded state of an instance (tests and the admin view). */
  state(instanceId: string): InstanceCredentialState | undefined {
    return this.#states.get(instanceId);
  }

  /** Forgets a terminated instance. */
  async forget(instanceId: string): Promise<void> {
    this.#states.delete(instanceId);
    await this.#deps.store.transaction((tx) => tx.delete(IMDS_CREDENTIALS_COLLECTION, instanceId));
  }

  /** Reads everything again (lab reset). */
  async reload(): Promise<void> {
    const entries = await this.#deps.store.transaction((tx) => tx.list(IMDS_CREDENTIALS_COLLECTION));
    this.#states.clear();
    for (const entry of entries) {
      const state = entry.value as unknown as InstanceCredentialState;
      this.#states.set(state.instanceId, state);
    }
  }

  /**
   * Called when an instance launches or starts or its association changes: a new association or boot obtains
   * the IMDSv1 and the IMDSv2 set at once, at `nowMs` (§10.6). Nothing happens for an association or boot
   * already primed, nor without an association.
   */
  prime(instance: InstanceRecord, nowMs: number): Promise<void> {
    // A stopped or terminated instance runs nothing to ask: its next boot primes.
    if (instance.lastAction === 'stop' || instance.lastAction === 'terminate') return Promise.resolve();
    return this.#locks.run(instance.id, async () => {
      const association = this.#deps.ec2.currentAssociation(instance.id, nowMs);
      if (association === undefined) return;
      const known = await this.#current(instance.id);
      if (known !== undefined && known.associationId === association.id && known.boot === instance.boot) return;
      let state = this.#fresh(instance, association, nowMs);
      for (const delivery of DELIVERIES) {
        if (issueDue(state, delivery, nowMs, this.#deps.config)) state = await this.#issue(state, instance, delivery, nowMs);
      }
      await this.#save(state, known);
    });
  }

  /** The `iam/` view for one request of the given delivery at virtual time `nowMs`. */
  view(instance: InstanceRecord, delivery: Delivery, nowMs: number): Promise<IamView> {
    return this.#locks.run(instance.id, () => this.#view(instance, delivery, nowMs));
  }

  async #view(instance: InstanceRecord, delivery: Delivery, nowMs: number): Promise<IamView> {
    const { ec2, config } = this.#deps;
    const association = ec2.currentAssociation(instance.id, nowMs);
    let state = await this.#current(instance.id);
    if (association === undefined) {
      const kept = state?.sets[delivery];
      if (config.disassociate === 'keep-credentials' && state !== undefined && kept !== undefined && kept.expiresMs > nowMs) {
        return this.#present(state, delivery, nowMs);
      }
      return { kind: 'absent' };
    }
    const before = state;
    if (state === undefined || state.associationId !== association.id || state.boot !== instance.boot) {
      state = this.#fresh(instance, association, nowMs);
    } else if (checkDue(state, nowMs, config) || issueDue(state, delivery, nowMs, config)) {
      // About to (maybe) issue: look at the profile as it is now, never at a stale status.
      state = this.#check(state, instance, nowMs);
    }
    if (issueDue(state, delivery, nowMs, config)) state = await this.#issue(state, instance, delivery, nowMs);
    if (state !== before) state = await this.#save(state, before);
    return this.#present(state, delivery, nowMs);
  }

  /** The state of a new association or boot: no set yet, the profile looked at now. */
  #fresh(instance: InstanceRecord, association: AssociationRecord, nowMs: number): InstanceCredentialState {
    const { id: associationId, profileId, profileArn } = association;
    return this.#check({ instanceId: instance.id, associationId, profileId, profileArn, boot: instance.boot, sets: {} }, instance, nowMs);
  }

  #check(base: Omit<InstanceCredentialState, 'lastCheckMs' | 'status'>, instance: InstanceRecord, nowMs: number): InstanceCredentialState {
    return { ...base, lastCheckMs: nowMs, status: profileStatus(this.#deps.iam, base.profileId, instance.region, nowMs) };
  }

  async #issue(state: InstanceCredentialState, instance: InstanceRecord, delivery: Delivery, nowMs: number): Promise<InstanceCredentialState> {
    if (state.status.kind !== 'ok') return state;
    const { role } = state.status;
    const arn = instanceArn(instance.region, instance.account, instance.id);
    const session = await this.#deps.issuer.issue(
      {
        kind: 'assumed-role',
        account: role.account,
        subject: { type: 'role', roleId: role.id, roleArn: role.arn, roleName: role.name, sessionName: instance.id },
        issuedMs: nowMs,
        expiresMs: nowMs + this.#deps.config.credentialLifetimeMs,
        ec2: { instanceArn: arn, roleDelivery: delivery },
      },
      arn,
    );
    const set: CredentialSet = {
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
      roleId: role.id,
      roleName: role.name,
      issuedMs: nowMs,
      expiresMs: session.claims.expiresMs,
    };
    return { ...state, sets: { ...state.sets, [delivery]: set } };
  }

  #present(state: InstanceCredentialState, delivery: Delivery, nowMs: number): IamView {
    const wall = (ms: number): string => imdsTime(this.#deps.clock.toWall(ms));
    const set = state.sets[delivery];
    const live = set !== undefined && set.expiresMs > nowMs ? set : undefined;
    const { status } = state;
    const info = infoDocument(state, wall(state.lastCheckMs));
    if (live !== undefined) {
      const credentials = imdsJson([
        ['Code', 'Success'],
        ['LastUpdated', wall(live.issuedMs)],
        ['Type', 'AWS-HMAC'],
        ['AccessKeyId', live.accessKeyId],
        ['SecretAccessKey', live.secretAccessKey],
        ['Token', live.sessionToken],
        ['Expiration', wall(live.expiresMs)],
      ]);
      return { kind: 'present', info, roleName: live.roleName, credentials };
    }
    if (status.kind === 'trust-denied') {
      const credentials = imdsJson([
        ['Code', 'AssumeRoleUnauthorizedAccess'],
        [
          'Message',
          `EC2 cannot assume the role ${status.role.name}.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.`,
        ],
        ['LastUpdated', wall(state.lastCheckMs)],
      ]);
      return { kind: 'present', info, roleName: status.role.name, credentials };
    }
    return { kind: 'present', info, roleName: undefined, credentials: undefined };
  }

  /** The instance's state: from memory, or on a shared store from the store (another node may have moved it). */
  async #current(instanceId: string): Promise<InstanceCredentialState | undefined> {
    if (this.#deps.shared !== true) return this.#states.get(instanceId);
    const stored = await this.#deps.store.transaction((tx) => tx.get(IMDS_CREDENTIALS_COLLECTION, instanceId));
    const state = stored as unknown as InstanceCredentialState | undefined;
    if (state === undefined) this.#states.delete(instanceId);
    else this.#states.set(instanceId, state);
    return state;
  }

  /**
   * Keeps `state`, decided from `before`, and returns the state in force: `state`, or on a shared store the
   * one another node wrote since `before` was read (its credentials are then the ones served).
   */
  async #save(state: InstanceCredentialState, before: InstanceCredentialState | undefined): Promise<InstanceCredentialState> {
    const kept = await this.#deps.store.transaction(async (tx) => {
      if (this.#deps.shared === true) {
        const stored = await tx.get(IMDS_CREDENTIALS_COLLECTION, state.instanceId);
        if (JSON.stringify(stored) !== JSON.stringify(before)) return stored as unknown as InstanceCredentialState | undefined;
      }
      await tx.put(IMDS_CREDENTIALS_COLLECTION, state.instanceId, state as unknown as Json);
      return state;
    });
    if (kept === undefined) {
      // Another node forgot the instance meanwhile (terminated): nothing to serve from here either.
      this.#states.delete(state.instanceId);
      return state;
    }
    this.#states.set(state.instanceId, kept);
    return kept;
  }
}

/** `iam/info` (§4.3): Success with the profile, the no-role message, or InstanceProfileNotFound. */
function infoDocument(state: InstanceCredentialState, lastUpdated: string): string {
  switch (state.status.kind) {
    case 'profile-not-found':
      return imdsJson([
        ['Code', 'InstanceProfileNotFound'],
        ['Message', 'Instance profile not found.'],
        ['LastUpdated', lastUpdated],
      ]);
    case 'no-role':
      return imdsJson([
        ['Code', 'Success'],
        ['Message', 'Instance Profile does not contain a role.'],
        ['LastUpdated', lastUpdated],
        ['InstanceProfileArn', state.profileArn],
        ['InstanceProfileId', state.profileId],
      ]);
    case 'ok':
    case 'trust-denied':
      return imdsJson([
        ['Code', 'Success'],
        ['LastUpdated', lastUpdated],
        ['InstanceProfileArn', state.profileArn],
        ['InstanceProfileId', state.profileId],
      ]);
  }
}
