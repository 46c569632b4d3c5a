/**
 * What the MFA operations need to know about IAM users, without owning them: the lead wires this to the IAM
 * service's user store. EnableMFADevice and friends answer `NoSuchEntity` when `findUser` says no.
 */
export interface DirectoryUser {
  readonly userName: string;
  readonly userArn: string;
  readonly userId: string;
  /** The user's CreateDate (virtual epoch ms), shown in ListVirtualMFADevices' `User`; omitted if unknown. */
  readonly createDateMs?: number;
}

export interface UserDirectory {
  /** The user named `userName` in `account` (IAM user names are case-insensitive, aws-behaviour.md §2.1). */
  findUser(account: string, userName: string): DirectoryUser | undefined;
}
