/** The IAM operation table (aws-behaviour.md §2), and the state other modules read. */
import { operationTable } from '../operation.js';
import type { OperationTable } from '../operation.js';
import { getAccountSummary } from './ops/account-summary.js';
import { accessKeyOperations } from './ops/access-keys.js';
import { accountAliasOperations } from './ops/account-aliases.js';
import { attachmentOperations } from './ops/attachments.js';
import { getAccountAuthorizationDetailsOperation } from './ops/authorization-details.js';
import { boundaryOperations } from './ops/boundaries.js';
import { changePassword } from './ops/change-password.js';
import { delegationRequestOperations } from './ops/delegation-requests.js';
import { groupOperations } from './ops/groups.js';
import { inlinePolicyOperations } from './ops/inline-policies.js';
import { instanceProfileOperations } from './ops/instance-profiles.js';
import { loginProfileOperations } from './ops/login-profiles.js';
import { managedPolicyOperations } from './ops/managed-policies.js';
import { oidcProviderOperations } from './ops/oidc-providers.js';
import type { OidcDeleteMissing } from './ops/oidc-providers.js';
import { organizationsRootOperations } from './ops/organizations-root.js';
import { passwordPolicyOperations } from './ops/password-policy.js';
import { listPoliciesGrantingServiceAccess } from './ops/policies-granting-service-access.js';
import { samlProviderOperations } from './ops/saml-providers.js';
import { policyVersionOperations } from './ops/policy-versions.js';
import { setSecurityTokenServicePreferences } from './ops/sts-preferences.js';
import { getRoleOperation, roleOperations } from './ops/roles.js';
import type { RoleLastUsedLookup } from './ops/roles.js';
import { serverCertificateOperations } from './ops/server-certificates.js';
import { serviceSpecificCredentialOperations } from './ops/service-specific-credentials.js';
import { signingCertificateOperations } from './ops/signing-certificates.js';
import { sshPublicKeyOperations } from './ops/ssh-public-keys.js';
import { tagOperations } from './ops/tags.js';
import { deleteUserOperation, userOperations } from './ops/users.js';
import type { UserHoldings } from './ops/users.js';
import { protectServiceLinkedRoles } from './service-linked-roles/protect-service-linked-roles.js';
import { serviceLinkedRoleOperations } from './service-linked-roles/service-linked-role-ops.js';

interface IamDeps {
  /** What users hold outside IAM's records (virtual MFA devices), for DeleteUser's prerequisites. */
  readonly holdings: UserHoldings;
  /** DeleteOpenIDConnectProvider of a missing provider: AWS's recorded 404 unless told otherwise (aws-federation.md §1.6). */
  readonly oidcDeleteMissing?: OidcDeleteMissing;
  /** GetRole's `RoleLastUsed`, from the usage index when the lab keeps one. */
  readonly roleLastUsed?: RoleLastUsedLookup;
}

export const createIamOperations = (deps: IamDeps): OperationTable =>
  protectServiceLinkedRoles(
    operationTable([
      ...userOperations,
      deleteUserOperation(deps.holdings),
      ...accessKeyOperations,
      ...groupOperations,
      ...roleOperations,
      getRoleOperation(deps.roleLastUsed),
      ...inlinePolicyOperations,
      ...managedPolicyOperations,
      ...policyVersionOperations,
      ...attachmentOperations,
      ...boundaryOperations,
      ...instanceProfileOperations,
      ...tagOperations,
      ...oidcProviderOperations(deps.oidcDeleteMissing ?? 'not-found'),
      ...samlProviderOperations,
      ...organizationsRootOperations,
      ...delegationRequestOperations,
      ...serverCertificateOperations,
      ...signingCertificateOperations,
      ...sshPublicKeyOperations,
      ...serviceSpecificCredentialOperations,
      getAccountSummary,
      setSecurityTokenServicePreferences,
      ...loginProfileOperations,
      changePassword,
      ...passwordPolicyOperations,
      ...accountAliasOperations,
      ...serviceLinkedRoleOperations,
      getAccountAuthorizationDetailsOperation(deps.roleLastUsed),
      listPoliciesGrantingServiceAccess,
    ]),
  );

export { IamState } from './iam-state.js';

export * from './iam-reads.js';
export { oidcProviderByArn, oidcProviderByUrl, samlProviderByArn } from './provider-reads.js';
export type { OidcProviderView, SamlProviderView } from './provider-reads.js';
export type { OidcDeleteMissing } from './ops/oidc-providers.js';
export type * from './records.js';
