/**
 * Typed change events IamState emits after a committed mutation, so that other modules (EC2/IMDS: instance
 * profile associations and role credentials, aws-behaviour.md §2.4, §4.3; caches of compiled policies)
 * can follow IAM without polling. Listeners run synchronously after memory is updated.
 */
export interface RoleRef {
  readonly account: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly roleArn: string;
}

export interface InstanceProfileRef {
  readonly account: string;
  readonly instanceProfileId: string;
  readonly instanceProfileName: string;
  readonly instanceProfileArn: string;
}

export type IamChange =
  | { readonly type: 'role-created'; readonly role: RoleRef }
  | { readonly type: 'role-deleted'; readonly role: RoleRef }
  /** Inline or attached policies, the permissions boundary, or a default version of an attached policy. */
  | { readonly type: 'role-policies-changed'; readonly role: RoleRef }
  | { readonly type: 'role-trust-changed'; readonly role: RoleRef }
  /** Renames are impossible for roles; this covers description, max session duration and tags. */
  | { readonly type: 'role-updated'; readonly role: RoleRef }
  | { readonly type: 'instance-profile-created'; readonly instanceProfile: InstanceProfileRef }
  | { readonly type: 'instance-profile-deleted'; readonly instanceProfile: InstanceProfileRef }
  | { readonly type: 'role-added-to-instance-profile'; readonly instanceProfile: InstanceProfileRef; readonly role: RoleRef }
  | { readonly type: 'role-removed-from-instance-profile'; readonly instanceProfile: InstanceProfileRef; readonly role: RoleRef }
  | { readonly type: 'user-changed'; readonly account: string; readonly userId: string }
  | { readonly type: 'user-deleted'; readonly account: string; readonly userId: string }
  | { readonly type: 'group-changed'; readonly account: string; readonly groupId: string }
  | { readonly type: 'policy-changed'; readonly policyArn: string }
  | { readonly type: 'access-key-changed'; readonly accessKeyId: string }
  /** A login profile created, changed (password, PasswordResetRequired) or deleted (aws-iam-s3-more.md §A2.1). */
  | { readonly type: 'login-profile-changed'; readonly account: string; readonly userId: string }
  /**
   * The account password policy set or deleted: what it grants users (AllowUsersToChangePassword) is part of
   * every user's permissions (aws-iam-s3-more.md §A2.2), so cached caller policies must go.
   */
  | { readonly type: 'password-policy-changed'; readonly account: string }
  /** For caches of verified tokens or provider keys the STS side may keep (aws-federation.md §1). */
  | { readonly type: 'oidc-provider-deleted'; readonly account: string; readonly arn: string }
  | { readonly type: 'saml-provider-deleted'; readonly account: string; readonly arn: string }
  /** The whole state was reloaded from the store (reset, or another node's writes). */
  | { readonly type: 'reloaded' };

export type IamChangeListener = (change: IamChange) => void;
