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
