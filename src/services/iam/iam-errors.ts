/**
 * IAM's errors with AWS's codes, statuses and texts (aws-behaviour.md §2; observed AWS output cited there).
 * Do not "improve" the texts: tools match them exactly.
 */
import { AwsError } from '../../errors/aws-error.js';

const error = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

type EntityNoun = 'user' | 'group' | 'role';

export const iamErrors = {
  noSuchEntity: (message: string): AwsError => error('NoSuchEntity', 404, message),
  noSuchNamed: (noun: EntityNoun, name: string): AwsError => error('NoSuchEntity', 404, `The ${noun} with name ${name} cannot be found.`),
  noSuchInlinePolicy: (noun: EntityNoun, name: string): AwsError =>
    error('NoSuchEntity', 404, `The ${noun} policy with name ${name} cannot be found.`),
  noSuchInstanceProfile: (name: string): AwsError => error('NoSuchEntity', 404, `Instance Profile ${name} cannot be found.`),
  noSuchAccessKey: (id: string): AwsError => error('NoSuchEntity', 404, `The Access Key with id ${id} cannot be found.`),
  policyNotFound: (arn: string): AwsError => error('NoSuchEntity', 404, `Policy ${arn} was not found.`),
  policyNotAttachable: (arn: string): AwsError => error('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`),
  boundaryNotAttachable: (arn: string): AwsError => error('NoSuchEntity', 404, `Scope ARN: ${arn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (arn: string, versionId: string): AwsError =>
    error('NoSuchEntity', 404, `Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  /** Get, and (U) every other operation on the provider but Delete (aws-federation.md §1.6 [R]). */
  noSuchOidcProvider: (arn: string): AwsError => error('NoSuchEntity', 404, `OpenIDConnect Provider not found for arn ${arn}`),
  /** Get and Delete (aws-federation.md §3.2 [R]); [U] the other operations on a SAML provider. */
  noSuchSamlProvider: (arn: string): AwsError => error('NoSuchEntity', 404, `Manifest not found for arn ${arn}`),
  /** [U] no recorded text; worded as IAM's other id lookups. */
  noSuchSamlPrivateKey: (keyId: string): AwsError => error('NoSuchEntity', 404, `The private key with id ${keyId} cannot be found.`),
  /** GetLoginProfile, DeleteLoginProfile [O: LS-SNAP `test_login_profile_errors`, February 2026]; the other operations [U]. */
  noSuchLoginProfile: (userName: string): AwsError => error('NoSuchEntity', 404, `Login Profile for User ${userName} cannot be found.`),
  /** [O: LS-SNAP `test_get_account_password_policy_not_found`, February 2026]. */
  noPasswordPolicy: (account: string): AwsError => error('NoSuchEntity', 404, `The Password Policy with domain name ${account} cannot be found.`),
  /** DeleteAccountPasswordPolicy's own text [O: LS-SNAP `test_delete_account_password_policy_not_found`]. */
  noPasswordPolicyToDelete: (): AwsError => error('NoSuchEntity', 404, 'The account policy with name PasswordPolicy cannot be found.'),
  /** [U] no recorded text; worded as CreateAccountAlias's `already exists` one. */
  noSuchAccountAlias: (alias: string): AwsError => error('NoSuchEntity', 404, `The account alias ${alias} cannot be found.`),
  /** DeleteOpenIDConnectProvider's own text (aws-federation.md §1.6 [R]). */
  noSuchOidcProviderToDelete: (arn: string): AwsError => error('NoSuchEntity', 404, `OpenId connect Provider ${arn} cannot be found.`),

  alreadyExists: (message: string): AwsError => error('EntityAlreadyExists', 409, message),
  userExists: (name: string): AwsError => error('EntityAlreadyExists', 409, `User with name ${name} already exists.`),
  groupExists: (name: string): AwsError => error('EntityAlreadyExists', 409, `Group with name ${name} already exists.`),
  roleExists: (name: string): AwsError => error('EntityAlreadyExists', 409, `Role with name ${name} already exists.`),
  policyExists: (name: string): AwsError =>
    error('EntityAlreadyExists', 409, `A policy called ${name} already exists. Duplicate names are not allowed.`),
  instanceProfileExists: (name: string): AwsError => error('EntityAlreadyExists', 409, `Instance Profile ${name} already exists.`),
  /** The URL as given, scheme included (aws-federation.md §1.2 [R]). */
  oidcProviderExists: (url: string): AwsError => error('EntityAlreadyExists', 409, `Provider with url ${url} already exists.`),
  /**
   * [O: org-formation/aws-resource-providers#59 quotes `Provider with name <n> already exists.` through a
   * CloudFormation handler that adds a full stop of its own] — the OIDC text's pattern.
   */
  samlProviderExists: (name: string): AwsError => error('EntityAlreadyExists', 409, `Provider with name ${name} already exists.`),

  /** [O: LS-SNAP `test_login_profile_errors`] — `user` in lower case here, `User` in the NoSuchEntity text. */
  loginProfileExists: (userName: string): AwsError => error('EntityAlreadyExists', 409, `Login Profile for user ${userName} already exists.`),
  /** Held by this or another account: aliases are unique across AWS [O: awslabs/aws-deployment-framework#465, ekristen/aws-nuke#697]. */
  accountAliasExists: (alias: string): AwsError => error('EntityAlreadyExists', 409, `The account alias ${alias} already exists.`),

  /**
   * A password the account password policy refuses [O: the text of a CloudFormation stack event quoted in a public
   * repository, which Ansible's old `iam` module also matched]; [U] that reuse is refused with the same text.
   */
  passwordPolicyViolation: (): AwsError => error('PasswordPolicyViolation', 400, 'Password does not conform to the account password policy.'),
  /** ChangePassword by root or a role session (IAM-MODEL; the CLI's reference names the code) [U: the text]. */
  invalidUserType: (): AwsError => error('InvalidUserType', 400, 'Only IAM Users can change their own password.'),
  /** ChangePassword with a wrong OldPassword [U: code and text, aws-iam-s3-more.md §A2.1]. */
  wrongOldPassword: (): AwsError => error('AccessDenied', 403, 'The old password was incorrect.'),
  /** The model's 409 for a login profile changed by another request meanwhile [U: text, after Cedar's guide]. */
  temporarilyUnmodifiable: (userName: string): AwsError =>
    error('EntityTemporarilyUnmodifiable', 409, `the login profile of user ${userName} changed during the request; try again`),

  limitExceeded: (message: string): AwsError => error('LimitExceeded', 409, message),
  quota: (quota: string, limit: number): AwsError => error('LimitExceeded', 409, `Cannot exceed quota for ${quota}: ${limit}`),
  deleteConflict: (message: string): AwsError => error('DeleteConflict', 409, message),
  malformedPolicy: (message: string): AwsError => error('MalformedPolicyDocument', 400, message),
  invalidInput: (message: string): AwsError => error('InvalidInput', 400, message),
  validation: (message: string): AwsError => error('ValidationError', 400, message),
  unmodifiable: (message: string): AwsError => error('UnmodifiableEntity', 400, message),
  /**
   * A standalone account (no organization) asking for centralized root access: the model's exception shape has
   * no error trait, so its name is the wire code and 400 the status; the text is the shape's documentation
   * (aws-federation.md §7.2 [V: model; U: status and text]).
   */
  organizationNotFound: (): AwsError =>
    error('OrganizationNotFoundException', 400, 'The request was rejected because no organization is associated with your account.'),
  /** [U] no recorded text; worded as IAM's other id lookups (`The Access Key with id … cannot be found.`). */
  noSuchDelegationRequest: (id: string): AwsError => error('NoSuchEntity', 404, `The delegation request with id ${id} cannot be found.`),
  /**
   * CreateDelegationRequest "is not available for general use" without partner onboarding (model documentation);
   * [U] code and text — no answer is recorded, so the message follows Cedar's guide.
   */
  notDelegationPartner: (): AwsError => error('AccessDenied', 403, 'the account is not onboarded as a temporary delegation partner'),
  /** A change to a policy of another account (AWS managed ones included): 403, whoever asks (§10.10). */
  outsideAccount: (message: string): AwsError => error('AccessDenied', 403, message),
};

/** §2.1–§2.3: the texts of DeleteConflict for users, groups, roles, instance profiles and policies. */
export const deleteConflictMessages = {
  /** [O: DeleteUser's answer quoted from the Go SDK and Terraform in public repositories]. */
  loginProfile: 'Cannot delete entity, must delete login profile first.',
  accessKeys: 'Cannot delete entity, must delete access keys first.',
  inlinePolicies: 'Cannot delete entity, must delete policies first.',
  attachedPolicies: 'Cannot delete entity, must detach all policies first.',
  /** AWS uses this one text both for a user still in a group and for a group that still has users. */
  groupMembership: 'Cannot delete entity, must remove users from group first.',
  instanceProfile: 'Cannot delete entity, must remove roles from instance profile first.',
  policyAttached: 'Cannot delete a policy attached to entities.',
  defaultVersion: 'Cannot delete the default version of a policy.',
} as const;

/** For an assumed-role caller that omitted UserName (GetUser, access keys…). */
export const NON_USER_CREDENTIALS = 'Must specify userName when calling with non-User credentials';
