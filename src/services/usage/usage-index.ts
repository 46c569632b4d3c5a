/**
 * The usage index: what IAM's usage answers need from the audit trail, kept apart from it so that it outlives the
 * trail's pruning (IAMLAB_MAX_AUDIT_EVENTS, IAMLAB_MAX_AUDIT_BYTES). It follows every audit event as it is
 * recorded (audit-follower.ts), holds in memory the last use of each long-term access key and of each service by
 * each IAM user and role, and writes what changed after each batch of events. Its size follows the number of keys,
 * users, roles and services — not the traffic — and entries of deleted keys, users and roles are dropped.
 *
 * - A key's use is any request signed with it that passed authentication, allowed or not; a second use within
 *   15 minutes of a recorded one is not recorded, as IAM does (aws-iam-s3-more.md §A1.1, §A1.2).
 * - A service is used by an entity when one of its sessions or keys made a request to it, denied requests
 *   included; actions are kept one by one for the services access advisor tracks by action (§A1.3).
 * - Root and federated users (GetFederationToken) are no IAM entity with service data; the root's keys are keys.
 * - On a lab of several nodes (`sync`), each node follows the requests it serves; what it writes after a batch also
 *   joins the change feed, and every node merges the others' entries into its own (the later use wins, action by
 *   action), so all nodes answer from every node's requests.
 */
import type { AuditEvent } from '../../audit/audit-event.js';
import type { AuditFollower } from '../../audit/audit-follower.js';
import type { LabSync } from '../../store/lab-sync.js';
import type { Json, Store, Tx } from '../../store/port.js';
import type { IamChange } from '../iam/iam-changes.js';
import { arnOf } from '../iam/iam-index.js';
import type { IamState } from '../iam/iam-state.js';
import type { RoleRecord, UserRecord } from '../iam/records.js';
import { ACTION_TRACKED_SERVICES } from './tracked-actions.js';
import { USAGE_COLLECTIONS, serviceUseKey } from './usage-records.js';
import type { ActionUse, KeyUse, ServiceUse } from './usage-records.js';

/** Uses of a key within this long after the recorded one are not recorded (IAM-UG id_credentials_getting-report). */
const KEY_USE_WINDOW_MS = 15 * 60_000;

/** An entry as the index holds it: changed in place by later requests (callers see it as a read-only ServiceUse). */
type LiveServiceUse = { -readonly [K in keyof ServiceUse]: ServiceUse[K] } & { actions: Record<string, ActionUse> };

/** Long-term keys, users' and the root's (`ASIA…` keys are sessions', as many as there are sessions). */
const LONG_TERM_KEY = /^AKIA/;

const USAGE_PART = 'usage';

/** What one node wrote after a batch, as the change feed carries it: entries by key, null where one was dropped. */
interface UsageChange {
  readonly keys: readonly (readonly [string, KeyUse | null])[];
  readonly services: readonly (readonly [string, ServiceUse | null])[];
}

export class UsageIndex implements AuditFollower {
  readonly #store: Store;
  readonly #iam: IamState;
  #keys = new Map<string, KeyUse>();
  #services = new Map<string, LiveServiceUse>();
  /** `<account>/<entity id>` → the keys of its entries in `#services`. */
  #byEntity = new Map<string, Set<string>>();
  #dirtyKeys = new Set<string>();
  #dirtyServices = new Set<string>();

  readonly #sync: LabSync | undefined;

  private constructor(store: Store, iam: IamState, sync: LabSync | undefined) {
    this.#store = store;
    this.#iam = iam;
    this.#sync = sync;
    iam.onChange((change) => this.#forget(change));
    sync?.register(USAGE_PART, {
      apply: (body) => {
        this.#merge(body as unknown as UsageChange);
        return undefined;
      },
    });
  }

  static async load(store: Store, iam: IamState, sync?: LabSync): Promise<UsageIndex> {
    const index = new UsageIndex(store, iam, sync);
    await index.reload();
    return index;
  }

  /** Reads everything again (a reset emptied the store, or the store came back after an outage). */
  async reload(): Promise<void> {
    const { keys, services } = await this.#store.transaction(async (tx) => ({
      keys: await tx.list(USAGE_COLLECTIONS.keys),
      services: await tx.list(USAGE_COLLECTIONS.services),
    }));
    this.#keys = new Map(keys.map((entry) => [entry.key, entry.value as unknown as KeyUse]));
    this.#services = new Map();
    this.#byEntity = new Map();
    for (const entry of services) this.#putService(entry.value as unknown as LiveServiceUse);
    this.#dirtyKeys = new Set();
    this.#dirtyServices = new Set();
  }

  follow(event: AuditEvent): void {
    if (event.principalId === undefined || event.service === null) return;
    const namespace = event.action?.split(':')[0] ?? event.service;
    const region = event.region ?? 'us-east-1';
    if (event.accessKeyId !== null && LONG_TERM_KEY.test(event.accessKeyId)) this.#keyUsed(event.accessKeyId, event.timeMs, namespace, region);
    this.#serviceUsed(event, namespace, region);
  }

  async persist(): Promise<void> {
    if (this.#dirtyKeys.size === 0 && this.#dirtyServices.size === 0) return;
    const keys = this.#dirtyKeys;
    const services = this.#dirtyServices;
    this.#dirtyKeys = new Set();
    this.#dirtyServices = new Set();
    // Written after any other node's entries were merged in (on a shared store), so the kept entry is the later use.
    const write = async (tx: Tx): Promise<UsageChange> => {
      const change: { keys: [string, KeyUse | null][]; services: [string, ServiceUse | null][] } = { keys: [], services: [] };
      for (const id of keys) {
        const use = this.#keys.get(id);
        if (use === undefined) await tx.delete(USAGE_COLLECTIONS.keys, id);
        else await tx.put(USAGE_COLLECTIONS.keys, id, { ...use });
        change.keys.push([id, use ?? null]);
      }
      for (const key of services) {
        const use = this.#services.get(key);
        const copy = use === undefined ? null : { ...use, actions: { ...use.actions } };
        if (copy === null) await tx.delete(USAGE_COLLECTIONS.services, key);
        else await tx.put(USAGE_COLLECTIONS.services, key, copy as unknown as Json);
        change.services.push([key, copy]);
      }
      return change;
    };
    try {
      if (this.#sync === undefined) await this.#store.transaction(write);
      else await this.#sync.mutate(async (tx) => ({ value: undefined, change: { part: USAGE_PART, body: (await write(tx)) as unknown as Json } }));
    } catch (error) {
      // Written with the next batch instead.
      for (const id of keys) this.#dirtyKeys.add(id);
      for (const key of services) this.#dirtyServices.add(key);
      throw error;
    }
  }

  /** The recorded last use of a long-term key. */
  keyUse(accessKeyId: string): KeyUse | undefined {
    return this.#keys.get(accessKeyId);
  }

  /** Every service an IAM user or role (by unique id) used, as recorded. */
  servicesOf(account: string, entityId: string): ServiceUse[] {
    const keys = this.#byEntity.get(`${account}/${entityId}`) ?? new Set<string>();
    return [...keys].map((key) => this.#services.get(key)).filter((use): use is ServiceUse => use !== undefined);
  }

  /** A role's last request to any service (GetRole's `RoleLastUsed`). */
  roleLastUsed(account: string, roleId: string): { readonly ms: number; readonly region: string } | undefined {
    let last: ServiceUse | undefined;
    for (const use of this.servicesOf(account, roleId)) if (last === undefined || use.lastMs > last.lastMs) last = use;
    return last === undefined ? undefined : { ms: last.lastMs, region: last.region };
  }

  #keyUsed(accessKeyId: string, timeMs: number, service: string, region: string): void {
    const key = this.#iam.index.accessKey(accessKeyId);
    if (key === undefined) return;
    const previous = this.#keys.get(accessKeyId);
    if (previous !== undefined && timeMs - previous.lastUsedMs < KEY_USE_WINDOW_MS) return;
    this.#keys.set(accessKeyId, { accessKeyId, account: key.account, lastUsedMs: timeMs, service, region });
    this.#dirtyKeys.add(accessKeyId);
  }

  /** Changes the entry in place: this runs for every request, and an entry may hold some hundred actions. */
  #serviceUsed(event: AuditEvent, namespace: string, region: string): void {
    const entity = this.#entityOf(event.principalId ?? '');
    if (entity === undefined) return;
    const key = serviceUseKey({ account: entity.account, entityId: entity.id, namespace });
    let use = this.#services.get(key);
    if (use !== undefined && event.timeMs < use.lastMs) return;
    if (use === undefined) {
      use = { account: entity.account, entityId: entity.id, entityType: entity.kind, entityArn: '', namespace, lastMs: 0, region, actions: {} };
      this.#putService(use);
    }
    use.entityArn = arnOf(entity);
    use.lastMs = event.timeMs;
    use.region = region;
    const actionName = event.action?.slice(namespace.length + 1);
    if (actionName !== undefined && actionName !== '' && ACTION_TRACKED_SERVICES.has(namespace))
      use.actions[actionName] = { ms: event.timeMs, region };
    this.#dirtyServices.add(key);
  }

  /** The IAM user or role behind an `aws:userid` (a role session's is `AROA…:<session>`), if it still exists. */
  #entityOf(principalId: string): UserRecord | RoleRecord | undefined {
    const index = this.#iam.index;
    const colon = principalId.indexOf(':');
    if (colon < 0) return index.get('user', principalId);
    return principalId.startsWith('AROA') ? index.get('role', principalId.slice(0, colon)) : undefined;
  }

  #putService(use: LiveServiceUse): void {
    const key = serviceUseKey(use);
    this.#services.set(key, use);
    const entity = `${use.account}/${use.entityId}`;
    let keys = this.#byEntity.get(entity);
    if (keys === undefined) this.#byEntity.set(entity, (keys = new Set()));
    keys.add(key);
  }

  /** Another node's entries: the later use of each key, service and action wins. */
  #merge(change: UsageChange): void {
    for (const [id, use] of change.keys) {
      const mine = this.#keys.get(id);
      if (use === null) this.#keys.delete(id);
      else if (mine === undefined || use.lastUsedMs > mine.lastUsedMs) this.#keys.set(id, use);
    }
    for (const [key, use] of change.services) {
      const mine = this.#services.get(key);
      if (use === null) {
        if (mine !== undefined) this.#forgetEntity(mine.account, mine.entityId, key);
        continue;
      }
      if (mine === undefined) {
        this.#putService({ ...use, actions: { ...use.actions } });
        continue;
      }
      if (use.lastMs > mine.lastMs) {
        mine.lastMs = use.lastMs;
        mine.region = use.region;
        mine.entityArn = use.entityArn;
      }
      for (const [action, at] of Object.entries(use.actions)) {
        if ((mine.actions[action]?.ms ?? -1) < at.ms) mine.actions[action] = at;
      }
    }
  }

  /** Drops what belonged to a deleted key, user or role (written with the next batch). */
  #forget(change: IamChange): void {
    switch (change.type) {
      case 'access-key-changed':
        if (this.#iam.index.accessKey(change.accessKeyId) === undefined && this.#keys.delete(change.accessKeyId)) {
          this.#dirtyKeys.add(change.accessKeyId);
        }
        return;
      case 'user-deleted':
        this.#forgetEntity(change.account, change.userId);
        return;
      case 'role-deleted':
        this.#forgetEntity(change.role.account, change.role.roleId);
        return;
      default:
        return;
    }
  }

  /** Drops an entity's entries (or, given `only`, that one entry, as another node dropped it: not written again). */
  #forgetEntity(account: string, entityId: string, only?: string): void {
    const entity = `${account}/${entityId}`;
    const keys = this.#byEntity.get(entity) ?? new Set<string>();
    if (only !== undefined) {
      this.#services.delete(only);
      keys.delete(only);
      if (keys.size === 0) this.#byEntity.delete(entity);
      return;
    }
    for (const key of keys) {
      this.#services.delete(key);
      this.#dirtyServices.add(key);
    }
    this.#byEntity.delete(entity);
  }
}
