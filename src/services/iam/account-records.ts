/**
 * IAM state that belongs to a user or to an account without being an entity (aws-iam-s3-more.md §A2, §A3.1):
 * a user's login profile (its console password), the account password policy and the account alias. Each is
 * one JSON document in a collection of its own, keyed by the unique id of the user or by the account, so a
 * user's rename moves nothing and the entity collections of `records.ts` keep only entities.
 */
import type { Json, Tx } from '../../store/port.js';

const ACCOUNT_COLLECTIONS = {
  loginProfiles: 'iam-login-profiles',
  passwordPolicies: 'iam-password-policies',
  accountAliases: 'iam-account-aliases',
  serviceLinkedRoleDeletions: 'iam-service-linked-role-deletions',
  stsPreferences: 'iam-sts-preferences',
} as const;

/**
 * A user's console password. Only a salted scrypt hash is kept (`password-hash.ts`), never the password; the
 * earlier hashes serve `PasswordReusePrevention`.
 */
export interface LoginProfileRecord {
  readonly account: string;
  readonly userId: string;
  /** The profile's `CreateDate`: when the first password was set (IAM-MODEL GetLoginProfile). */
  readonly createdMs: number;
  /** When the current password was set (create, UpdateLoginProfile with a password, ChangePassword). */
  readonly passwordSetMs: number;
  readonly passwordResetRequired: boolean;
  readonly passwordHash: string;
  /** Hashes of the passwords before the current one, newest first (at most 24, the policy's highest reuse setting). */
  readonly previousHashes: readonly string[];
  /**
   * When the password last signed in to the console (`PasswordLastUsed` of GetUser and the credential report).
   * The lab emulates no console sign-in, so nothing sets it and it stays null.
   */
  readonly passwordLastUsedMs: number | null;
}

/** The account password policy as set by UpdateAccountPasswordPolicy: the whole of it, defaults filled in (§A2.2). */
export interface PasswordPolicyRecord {
  readonly account: string;
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  /** Days; null when left out (passwords never expire, and GetAccountPasswordPolicy leaves the member out). */
  readonly maxPasswordAge: number | null;
  readonly passwordReusePrevention: number | null;
  /** Null when left out: GetAccountPasswordPolicy then leaves `HardExpiry` out. */
  readonly hardExpiry: boolean | null;
}

/** The account's one alias (CreateAccountAlias replaces it), unique among the lab's accounts. */
export interface AccountAliasRecord {
  readonly account: string;
  readonly alias: string;
  readonly createdMs: number;
}

/**
 * A DeleteServiceLinkedRole task (aws-iam-s3-more.md §A3.6): the role is deleted when the task is submitted, and the
 * task answers `IN_PROGRESS` until `completesMs` on the virtual clock, then `SUCCEEDED`.
 */
export interface ServiceLinkedRoleDeletionRecord {
  readonly account: string;
  /** `task/aws-service-role/<service principal>/<role name>/<uuid>`. */
  readonly taskId: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly submittedMs: number;
  readonly completesMs: number;
}

/**
 * The account's SetSecurityTokenServicePreferences (aws-iam-s3-more.md §A3.7): which tokens the STS global endpoint
 * issues, shown as GetAccountSummary's `GlobalEndpointTokenVersion` (1 or 2). Without a record: version 1 [U].
 */
export interface StsPreferencesRecord {
  readonly account: string;
  readonly globalEndpointTokenVersion: 'v1Token' | 'v2Token';
}

/** One change to these records, in the store and then in memory (IamIndex). */
export type AccountRecordWrite =
  | { readonly op: 'put-login-profile'; readonly profile: LoginProfileRecord }
  | { readonly op: 'delete-login-profile'; readonly profile: LoginProfileRecord }
  | { readonly op: 'put-password-policy'; readonly policy: PasswordPolicyRecord }
  | { readonly op: 'delete-password-policy'; readonly policy: PasswordPolicyRecord }
  | { readonly op: 'put-account-alias'; readonly alias: AccountAliasRecord }
  | { readonly op: 'delete-account-alias'; readonly alias: AccountAliasRecord }
  | { readonly op: 'put-slr-deletion'; readonly deletion: ServiceLinkedRoleDeletionRecord }
  | { readonly op: 'put-sts-preferences'; readonly preferences: StsPreferencesRecord };

export interface AccountRecords {
  readonly loginProfiles: readonly LoginProfileRecord[];
  readonly passwordPolicies: readonly PasswordPolicyRecord[];
  readonly accountAliases: readonly AccountAliasRecord[];
  readonly serviceLinkedRoleDeletions?: readonly ServiceLinkedRoleDeletionRecord[];
  readonly stsPreferences?: readonly StsPreferencesRecord[];
}

export const NO_ACCOUNT_RECORDS: AccountRecords = { loginProfiles: [], passwordPolicies: [], accountAliases: [] };

const values = async <T>(tx: Tx, collection: string): Promise<T[]> => (await tx.list(collection)).map((entry) => entry.value as unknown as T);

export async function readAccountRecords(tx: Tx): Promise<AccountRecords> {
  return {
    loginProfiles: await values<LoginProfileRecord>(tx, ACCOUNT_COLLECTIONS.loginProfiles),
    passwordPolicies: await values<PasswordPolicyRecord>(tx, ACCOUNT_COLLECTIONS.passwordPolicies),
    accountAliases: await values<AccountAliasRecord>(tx, ACCOUNT_COLLECTIONS.accountAliases),
    serviceLinkedRoleDeletions: await values<ServiceLinkedRoleDeletionRecord>(tx, ACCOUNT_COLLECTIONS.serviceLinkedRoleDeletions),
    stsPreferences: await values<StsPreferencesRecord>(tx, ACCOUNT_COLLECTIONS.stsPreferences),
  };
}

const asJson = (record: object): Json => record as unknown as Json;

export async function writeAccountRecord(tx: Tx, write: AccountRecordWrite): Promise<void> {
  switch (write.op) {
    case 'put-login-profile':
      await tx.put(ACCOUNT_COLLECTIONS.loginProfiles, `${write.profile.account}/${write.profile.userId}`, asJson(write.profile));
      return;
    case 'delete-login-profile':
      await tx.delete(ACCOUNT_COLLECTIONS.loginProfiles, `${write.profile.account}/${write.profile.userId}`);
      return;
    case 'put-password-policy':
      await tx.put(ACCOUNT_COLLECTIONS.passwordPolicies, write.policy.account, asJson(write.policy));
      return;
    case 'delete-password-policy':
      await tx.delete(ACCOUNT_COLLECTIONS.passwordPolicies, write.policy.account);
      return;
    case 'put-account-alias':
      await tx.put(ACCOUNT_COLLECTIONS.accountAliases, write.alias.account, asJson(write.alias));
      return;
    case 'delete-account-alias':
      await tx.delete(ACCOUNT_COLLECTIONS.accountAliases, write.alias.account);
      return;
    case 'put-slr-deletion':
      await tx.put(ACCOUNT_COLLECTIONS.serviceLinkedRoleDeletions, write.deletion.taskId, asJson(write.deletion));
      return;
    case 'put-sts-preferences':
      await tx.put(ACCOUNT_COLLECTIONS.stsPreferences, write.preferences.account, asJson(write.preferences));
      return;
  }
}
