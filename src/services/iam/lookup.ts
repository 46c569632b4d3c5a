/**
 * Finding the entity an operation names, with IAM's NoSuchEntity texts, and the caller-as-default rule of
 * the operations whose UserName is optional (aws-behaviour.md §2.3).
 */
import { parseArn } from '../../arn/arn.js';
import type { AwsError } from '../../errors/aws-error.js';
import { InternalError } from '../../errors/aws-error.js';
import type { ServiceContext } from '../operation.js';
import { credentialErrors } from './credential-errors.js';
import { iamErrors, NON_USER_CREDENTIALS } from './iam-errors.js';
import type { IamIndex } from './iam-index.js';
import { managedPolicy } from './iam-reads.js';
import type { IamState } from './iam-state.js';
import { oidcProviderOfArn, samlProviderOfArn } from './provider-reads.js';
import type {
  GroupRecord,
  InstanceProfileRecord,
  OidcProviderRecord,
  PolicyRecord,
  RoleRecord,
  SamlProviderRecord,
  ServerCertificateRecord,
  UserRecord,
} from './records.js';

export function requireUser(index: IamIndex, account: string, name: string): UserRecord {
  const user = index.byName('user', account, name);
  if (user === undefined) throw iamErrors.noSuchNamed('user', name);
  return user;
}

export function requireGroup(index: IamIndex, account: string, name: string): GroupRecord {
  const group = index.byName('group', account, name);
  if (group === undefined) throw iamErrors.noSuchNamed('group', name);
  return group;
}

export function requireRole(index: IamIndex, account: string, name: string): RoleRecord {
  const role = index.byName('role', account, name);
  if (role === undefined) throw iamErrors.noSuchNamed('role', name);
  return role;
}

export function requireInstanceProfile(index: IamIndex, account: string, name: string): InstanceProfileRecord {
  const profile = index.byName('instance-profile', account, name);
  if (profile === undefined) throw iamErrors.noSuchInstanceProfile(name);
  return profile;
}

export function requireServerCertificate(index: IamIndex, account: string, name: string): ServerCertificateRecord {
  const certificate = index.byName('server-certificate', account, name);
  if (certificate === undefined) throw credentialErrors.noSuchServerCertificate(name);
  return certificate;
}

/** An OIDC provider of the caller's account by its ARN; one of another account is as missing (aws-federation.md §1.6 [U]). */
export function requireOidcProvider(index: IamIndex, account: string, arn: string): OidcProviderRecord {
  const provider = oidcProviderOfArn(index, arn);
  if (provider === undefined || provider.account !== account) throw iamErrors.noSuchOidcProvider(arn);
  return provider;
}

/** A SAML provider of the caller's account by its ARN (aws-federation.md §3.2). */
export function requireSamlProvider(index: IamIndex, account: string, arn: string): SamlProviderRecord {
  const provider = samlProviderOfArn(index, arn);
  if (provider === undefined || provider.account !== account) throw iamErrors.noSuchSamlProvider(arn);
  return provider;
}

/** A customer managed policy of the caller's account; AWS managed ones cannot be changed (§2.2). */
export function requireLocalPolicy(index: IamIndex, account: string, arn: string): PolicyRecord {
  const policy = index.policyByArn(arn);
  if (policy === undefined || policy.account !== account) throw iamErrors.policyNotFound(arn);
  return policy;
}

/**
 * The caller's own policy for an operation that changes it. An ARN of another account (`aws` for AWS managed
 * policies) is 403 `AccessDenied` with the operation's text, `Cannot delete policies outside your own
 * account.` and the like, before the policy is looked for; a missing policy of the account is `missing(arn)`
 * [O: LS-SNAP `test_aws_managed_policy_errors`, `test_policy_version_errors`; aws-behaviour.md §10.10].
 */
export function requireOwnPolicy(
  index: IamIndex,
  account: string,
  arn: string,
  outside: string,
  missing: (arn: string) => AwsError = iamErrors.policyNotFound,
): PolicyRecord {
  if (parseArn(arn)?.account !== account) throw iamErrors.outsideAccount(outside);
  const policy = index.policyByArn(arn);
  if (policy === undefined || policy.account !== account) throw missing(arn);
  return policy;
}

/** Whose keys/user an operation without UserName acts on: the caller's own. */
export type Subject = { readonly type: 'root' } | { readonly type: 'user'; readonly user: UserRecord };

export function subjectOf(ctx: ServiceContext, index: IamIndex, userName: string | undefined): Subject {
  if (userName !== undefined) return { type: 'user', user: requireUser(index, ctx.account, userName) };
  const { principal } = ctx;
  switch (principal.type) {
    case 'root':
      return { type: 'root' };
    case 'user': {
      const user = index.get('user', principal.userId);
      if (user === undefined) throw iamErrors.noSuchNamed('user', principal.userName);
      return { type: 'user', user };
    }
    case 'assumed-role':
    case 'federated-user':
      throw iamErrors.validation(NON_USER_CREDENTIALS);
    case 'anonymous':
      throw new InternalError('an IAM operation reached its handler unauthenticated');
  }
}

export const DEFAULT_PATH = '/';

/** A managed policy that may be attached in `account`: its own customer policies or an AWS managed one. */
export function isAttachable(state: IamState, account: string, arn: string): boolean {
  const policy = managedPolicy(state, arn);
  return policy !== undefined && (policy.scope === 'AWS' || policy.record.account === account);
}

export function requireBoundary(state: IamState, account: string, arn: string): string {
  if (!isAttachable(state, account, arn)) throw iamErrors.boundaryNotAttachable(arn);
  return arn;
}
