/**
 * The credentials a task or pod is handed, decided at request time from recorded instants and the virtual
 * clock, as IMDS does (design.md "IMDS"; no timers):
 * - the first request assumes the role as the service (assume-request.ts) and records the set;
 * - a set held `renewAfterMs`, expired, or of a role since deleted and made again is replaced at the next
 *   request, the trust policy looked at again then;
 * - when the service may no longer assume the role (trust changed, role deleted), the current set keeps being
 *   served until it expires (as the Pod Identity Agent keeps its cached set, §4.7), then nothing is.
 * Sessions already handed out stay valid everywhere until they expire: nothing here revokes.
 */
import { uuidV4 } from '../lib/uuid.js';
import type { AuthorizationResult } from '../policy/evaluator.js';
import { roleByArn } from '../services/iam/iam-reads.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { SessionIssuer } from '../services/identity/session-issuer.js';
import { assumeRequestFor } from './assume-request.js';
import type { ContainerConfig } from './container-config.js';
import type { ContainerCredentialSet, ContainerRecord } from './container-records.js';
import { containerRoleStatus } from './container-trust.js';

export type Delivery =
  /** The set held, still fresh: nothing was evaluated. */
  | { readonly kind: 'current'; readonly set: ContainerCredentialSet }
  /** A new session, the trust policy allowing it. */
  | { readonly kind: 'issued'; readonly set: ContainerCredentialSet; readonly result: AuthorizationResult }
  /** Renewal refused, the held set still valid: it is served. */
  | { readonly kind: 'kept'; readonly set: ContainerCredentialSet; readonly result: AuthorizationResult }
  /** Renewal refused and nothing valid held. */
  | { readonly kind: 'refused'; readonly result: AuthorizationResult };

interface ContainerKeeperDeps {
  readonly iam: IamState;
  readonly issuer: SessionIssuer;
  readonly config: ContainerConfig;
  readonly random: (bytes: number) => Buffer;
  /** Records the record with its new set (store, then memory). */
  save(record: ContainerRecord): Promise<void>;
}

export class ContainerKeeper {
  readonly #deps: ContainerKeeperDeps;

  constructor(deps: ContainerKeeperDeps) {
    this.#deps = deps;
  }

  /** The caller holds the record's lock (ContainerDirectory.withRecord), so a delete cannot interleave. */
  async deliver(record: ContainerRecord, nowMs: number): Promise<Delivery> {
    const { iam, config } = this.#deps;
    const held = record.current;
    const live = held !== undefined && held.expiresMs > nowMs ? held : undefined;
    const sameRole = live !== undefined && roleByArn(iam, record.roleArn)?.id === live.roleId;
    if (live !== undefined && sameRole && nowMs - live.issuedMs < config.renewAfterMs) return { kind: 'current', set: live };
    const request = assumeRequestFor(record, uuidV4(this.#deps.random(16)));
    const status = containerRoleStatus(iam, {
      roleArn: record.roleArn,
      service: request.service,
      actions: request.actions,
      region: record.region,
      nowMs,
      ...(request.tags.length === 0 ? {} : { requestTags: Object.fromEntries(request.tags.map((tag) => [tag.key, tag.value])) }),
      extra: request.extra,
    });
    if (status.kind === 'refused')
      return live === undefined ? { kind: 'refused', result: status.result } : { kind: 'kept', set: live, result: status.result };
    const { role } = status;
    const session = await this.#deps.issuer.issue(
      {
        kind: 'assumed-role',
        account: role.account,
        subject: { type: 'role', roleId: role.id, roleArn: role.arn, roleName: role.name, sessionName: request.sessionName },
        issuedMs: nowMs,
        expiresMs: nowMs + config.credentialLifetimeMs,
        ...(request.tags.length === 0 ? {} : { tags: request.tags, transitiveTagKeys: request.tags.map((tag) => tag.key) }),
      },
      request.issuedToArn,
    );
    const set: ContainerCredentialSet = {
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
      roleId: role.id,
      roleName: role.name,
      sessionName: request.sessionName,
      issuedMs: nowMs,
      expiresMs: session.claims.expiresMs,
    };
    await this.#deps.save({ ...record, current: set });
    return { kind: 'issued', set, result: status.result };
  }
}
