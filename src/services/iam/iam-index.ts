/**
 * The in-memory IAM state of every account: records by unique id, plus the indexes reads need (names per
 * account, case-insensitively, aws-behaviour.md §2.1; managed policies by ARN; group members; access keys).
 * It only changes through `apply`, which IamState calls after a store transaction committed.
 */
import { groupArn, instanceProfileArn, oidcProviderArn, policyArn, roleArn, samlProviderArn, serverCertificateArn, userArn } from '../../arn/arn.js';
import type { StoredAccessKey, StoredAccount } from '../../store/repos/identity-repo.js';
import { NO_ACCOUNT_RECORDS } from './account-records.js';
import type {
  AccountAliasRecord,
  AccountRecords,
  AccountRecordWrite,
  LoginProfileRecord,
  PasswordPolicyRecord,
  ServiceLinkedRoleDeletionRecord,
  StsPreferencesRecord,
} from './account-records.js';
import type {
  GroupRecord,
  IamRecord,
  IamRecordKind,
  InstanceProfileRecord,
  PolicyRecord,
  RoleRecord,
  UserCredentialRecord,
  UserRecord,
} from './records.js';

/** One change to memory, mirroring one store write. */
export type IndexWrite =
  | { readonly op: 'put'; readonly record: IamRecord }
  | { readonly op: 'delete'; readonly record: IamRecord }
  | { readonly op: 'put-key'; readonly key: StoredAccessKey }
  | { readonly op: 'delete-key'; readonly key: StoredAccessKey }
  /** A new account (the lab's admin API creates them for cross-account experiments). */
  | { readonly op: 'put-account'; readonly account: StoredAccount }
  /** Login profiles, the account password policy and the account alias (account-records.ts). */
  | AccountRecordWrite;

type RecordOf<K extends IamRecordKind> = Extract<IamRecord, { kind: K }>;

/** The records that are resources of their own; a user's credentials are named by the user's ARN. */
type ArnRecord = Exclude<IamRecord, UserCredentialRecord>;

export function arnOf(record: ArnRecord): string {
  switch (record.kind) {
    case 'user':
      return userArn(record.account, record.path, record.name);
    case 'group':
      return groupArn(record.account, record.path, record.name);
    case 'role':
      return roleArn(record.account, record.path, record.name);
    case 'policy':
      return policyArn(record.account, record.path, record.name);
    case 'instance-profile':
      return instanceProfileArn(record.account, record.path, record.name);
    case 'oidc-provider':
      return oidcProviderArn(record.account, record.name);
    case 'saml-provider':
      return samlProviderArn(record.account, record.name);
    case 'server-certificate':
      return serverCertificateArn(record.account, record.path, record.name);
  }
}

/** Entity names compare case-insensitively (§2.1); an OIDC provider's URL exactly (aws-federation.md §1.2). */
const nameKey = (kind: IamRecordKind, account: string, name: string): string =>
  `${kind}|${account}|${kind === 'oidc-provider' ? name : name.toLowerCase()}`;

export class IamIndex {
  readonly #byId = new Map<string, IamRecord>();
  readonly #byName = new Map<string, string>();
  /** Customer managed policies by ARN (AWS managed ones live in the catalog). */
  readonly #policyByArn = new Map<string, string>();
  readonly #groupMembers = new Map<string, Set<string>>();
  readonly #keys = new Map<string, StoredAccessKey>();
  readonly #accounts = new Map<string, StoredAccount>();
  /** `<kind>|<account>` → unique ids, so per-account listing does not scan every account. */
  readonly #byAccount = new Map<string, Set<string>>();
  /** Login profiles by the user's unique id. */
  readonly #loginProfiles = new Map<string, LoginProfileRecord>();
  readonly #passwordPolicies = new Map<string, PasswordPolicyRecord>();
  readonly #aliasOfAccount = new Map<string, AccountAliasRecord>();
  /** Aliases are unique among the lab's accounts, as among all of AWS's (aws-iam-s3-more.md §A3.1). */
  readonly #accountOfAlias = new Map<string, AccountAliasRecord>();
  /** DeleteServiceLinkedRole tasks by their id. */
  readonly #slrDeletions = new Map<string, ServiceLinkedRoleDeletionRecord>();
  readonly #stsPreferences = new Map<string, StsPreferencesRecord>();

  constructor(
    records: readonly IamRecord[],
    keys: readonly StoredAccessKey[],
    accounts: readonly StoredAccount[],
    accountRecords: AccountRecords = NO_ACCOUNT_RECORDS,
  ) {
    for (const account of accounts) this.#accounts.set(account.id, account);
    for (const record of records) this.#put(record);
    for (const key of keys) this.#keys.set(key.accessKeyId, key);
    for (const profile of accountRecords.loginProfiles) this.#loginProfiles.set(profile.userId, profile);
    for (const policy of accountRecords.passwordPolicies) this.#passwordPolicies.set(policy.account, policy);
    for (const alias of accountRecords.accountAliases) this.#putAlias(alias);
    for (const deletion of accountRecords.serviceLinkedRoleDeletions ?? []) this.#slrDeletions.set(deletion.taskId, deletion);
    for (const preferences of accountRecords.stsPreferences ?? []) this.#stsPreferences.set(preferences.account, preferences);
  }

  apply(writes: readonly IndexWrite[]): void {
    for (const write of writes) {
      switch (write.op) {
        case 'put':
          this.#put(write.record);
          break;
        case 'delete':
          this.#delete(write.record);
          break;
        case 'put-key':
          this.#keys.set(write.key.accessKeyId, write.key);
          break;
        case 'delete-key':
          this.#keys.delete(write.key.accessKeyId);
          break;
        case 'put-account':
          if (!this.#accounts.has(write.account.id)) this.#accounts.set(write.account.id, write.account);
          break;
        case 'put-login-profile':
          this.#loginProfiles.set(write.profile.userId, write.profile);
          break;
        case 'delete-login-profile':
          this.#loginProfiles.delete(write.profile.userId);
          break;
        case 'put-password-policy':
          this.#passwordPolicies.set(write.policy.account, write.policy);
          break;
        case 'delete-password-policy':
          this.#passwordPolicies.delete(write.policy.account);
          break;
        case 'put-account-alias':
          this.#putAlias(write.alias);
          break;
        case 'delete-account-alias':
          this.#deleteAlias(write.alias.account);
          break;
        case 'put-sts-preferences':
          this.#stsPreferences.set(write.preferences.account, write.preferences);
          break;
        case 'put-slr-deletion':
          this.#slrDeletions.set(write.deletion.taskId, write.deletion);
          break;
      }
    }
  }

  get<K extends IamRecordKind>(kind: K, id: string): RecordOf<K> | undefined {
    const record = this.#byId.get(id);
    return record?.kind === kind ? (record as RecordOf<K>) : undefined;
  }

  byName<K extends IamRecordKind>(kind: K, account: string, name: string): RecordOf<K> | undefined {
    const id = this.#byName.get(nameKey(kind, account, name));
    return id === undefined ? undefined : this.get(kind, id);
  }

  /** A customer managed policy by its ARN. */
  policyByArn(arn: string): PolicyRecord | undefined {
    const id = this.#policyByArn.get(arn);
    return id === undefined ? undefined : this.get('policy', id);
  }

  /** Every record of a kind in an account (unordered). */
  all<K extends IamRecordKind>(kind: K, account: string): RecordOf<K>[] {
    const out: RecordOf<K>[] = [];
    for (const id of this.#byAccount.get(`${kind}|${account}`) ?? []) {
      const record = this.get(kind, id);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  count(kind: IamRecordKind, account: string): number {
    return this.#byAccount.get(`${kind}|${account}`)?.size ?? 0;
  }

  groupMembers(group: GroupRecord): UserRecord[] {
    const ids = this.#groupMembers.get(group.id) ?? new Set<string>();
    return [...ids].map((id) => this.get('user', id)).filter((u): u is UserRecord => u !== undefined);
  }

  profilesOfRole(role: RoleRecord): InstanceProfileRecord[] {
    return this.all('instance-profile', role.account).filter((p) => p.roleIds.includes(role.id));
  }

  /** Every access key of every account (root and users). */
  allAccessKeys(): StoredAccessKey[] {
    return [...this.#keys.values()];
  }

  accessKey(accessKeyId: string): StoredAccessKey | undefined {
    return this.#keys.get(accessKeyId);
  }

  /** Long-term keys of a user (by unique id) or of the account root, oldest first. */
  accessKeysOf(account: string, owner: { readonly type: 'root' } | { readonly type: 'user'; readonly userId: string }): StoredAccessKey[] {
    const out: StoredAccessKey[] = [];
    for (const key of this.#keys.values()) {
      if (key.account !== account || key.owner.type !== owner.type) continue;
      if (owner.type === 'user' && key.owner.type === 'user' && key.owner.userId !== owner.userId) continue;
      out.push(key);
    }
    return out.sort((a, b) => a.createdMs - b.createdMs || a.accessKeyId.localeCompare(b.accessKeyId));
  }

  account(id: string): StoredAccount | undefined {
    return this.#accounts.get(id);
  }

  /** The user's login profile (its console password), by the user's unique id. */
  loginProfile(userId: string): LoginProfileRecord | undefined {
    return this.#loginProfiles.get(userId);
  }

  /** The account password policy, when one was set (UpdateAccountPasswordPolicy). */
  passwordPolicy(account: string): PasswordPolicyRecord | undefined {
    return this.#passwordPolicies.get(account);
  }

  accountAlias(account: string): AccountAliasRecord | undefined {
    return this.#aliasOfAccount.get(account);
  }

  /** The alias record holding `alias`, in whichever of the lab's accounts. */
  aliasHolder(alias: string): AccountAliasRecord | undefined {
    return this.#accountOfAlias.get(alias);
  }

  /** A DeleteServiceLinkedRole task by its id. */
  serviceLinkedRoleDeletion(taskId: string): ServiceLinkedRoleDeletionRecord | undefined {
    return this.#slrDeletions.get(taskId);
  }

  /** The tasks submitted for a role name of an account (names compare case-insensitively, §2.1), oldest first. */
  serviceLinkedRoleDeletionsOf(account: string, roleName: string): ServiceLinkedRoleDeletionRecord[] {
    const name = roleName.toLowerCase();
    return [...this.#slrDeletions.values()]
      .filter((d) => d.account === account && d.roleName.toLowerCase() === name)
      .sort((a, b) => a.submittedMs - b.submittedMs);
  }

  /** The account's SetSecurityTokenServicePreferences, if it ever set them. */
  stsPreferences(account: string): StsPreferencesRecord | undefined {
    return this.#stsPreferences.get(account);
  }

  #putAlias(alias: AccountAliasRecord): void {
    this.#deleteAlias(alias.account);
    this.#aliasOfAccount.set(alias.account, alias);
    this.#accountOfAlias.set(alias.alias, alias);
  }

  #deleteAlias(account: string): void {
    const current = this.#aliasOfAccount.get(account);
    if (current === undefined) return;
    this.#aliasOfAccount.delete(account);
    if (this.#accountOfAlias.get(current.alias)?.account === account) this.#accountOfAlias.delete(current.alias);
  }

  #put(record: IamRecord): void {
    const previous = this.#byId.get(record.id);
    if (previous !== undefined) this.#delete(previous);
    this.#byId.set(record.id, record);
    this.#byName.set(nameKey(record.kind, record.account, record.name), record.id);
    const accountKey = `${record.kind}|${record.account}`;
    let ids = this.#byAccount.get(accountKey);
    if (ids === undefined) this.#byAccount.set(accountKey, (ids = new Set()));
    ids.add(record.id);
    if (record.kind === 'policy') this.#policyByArn.set(arnOf(record), record.id);
    if (record.kind === 'user') {
      for (const groupId of record.groupIds) {
        let members = this.#groupMembers.get(groupId);
        if (members === undefined) this.#groupMembers.set(groupId, (members = new Set()));
        members.add(record.id);
      }
    }
  }

  #delete(record: IamRecord): void {
    const current = this.#byId.get(record.id);
    if (current === undefined) return;
    this.#byId.delete(current.id);
    this.#byName.delete(nameKey(current.kind, current.account, current.name));
    this.#byAccount.get(`${current.kind}|${current.account}`)?.delete(current.id);
    if (current.kind === 'policy') this.#policyByArn.delete(arnOf(current));
    if (current.kind === 'user') for (const groupId of current.groupIds) this.#groupMembers.get(groupId)?.delete(current.id);
    if (current.kind === 'group') this.#groupMembers.delete(current.id);
  }
}
