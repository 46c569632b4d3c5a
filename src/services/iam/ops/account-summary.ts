/** GetAccountSummary: entity counts and the quotas in force (IAM-UG reference_iam-quotas). */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { globalEndpointTokenVersion } from './sts-preferences.js';

export const getAccountSummary = defineOperation<Record<string, never>, Iam.GetAccountSummaryResponse>({
  name: 'GetAccountSummary',
  authorization: { kind: 'policy', action: 'iam:GetAccountSummary', resources: () => ['*'] },
  handle: async (_input, ctx) => {
    const { index, quotas } = ctx.iam;
    const account = ctx.account;
    const users = index.all('user', account);
    const groups = index.all('group', account);
    const roles = index.all('role', account);
    const policies = index.all('policy', account);
    const rootKeys = index.accessKeysOf(account, { type: 'root' });
    const summary: Partial<Record<Iam.summaryKeyType, number>> = {
      Users: users.length,
      UsersQuota: quotas.usersPerAccount,
      Groups: groups.length,
      GroupsQuota: quotas.groupsPerAccount,
      Roles: roles.length,
      RolesQuota: quotas.rolesPerAccount,
      InstanceProfiles: index.count('instance-profile', account),
      InstanceProfilesQuota: quotas.instanceProfilesPerAccount,
      Policies: policies.length,
      PoliciesQuota: quotas.policiesPerAccount,
      PolicySizeQuota: quotas.managedPolicySize,
      PolicyVersionsInUse: policies.reduce((n, p) => n + p.versions.length, 0),
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: quotas.versionsPerPolicy,
      UserPolicySizeQuota: quotas.userInlineSize,
      GroupPolicySizeQuota: quotas.groupInlineSize,
      RolePolicySizeQuota: quotas.roleInlineSize,
      AssumeRolePolicySizeQuota: quotas.trustPolicySize,
      GroupsPerUserQuota: quotas.groupsPerUser,
      AccessKeysPerUserQuota: quotas.accessKeysPerUser,
      AttachedPoliciesPerUserQuota: quotas.attachedPerUser,
      AttachedPoliciesPerGroupQuota: quotas.attachedPerGroup,
      AttachedPoliciesPerRoleQuota: quotas.attachedPerRole,
      AccountAccessKeysPresent: rootKeys.length > 0 ? 1 : 0,
      AccountMFAEnabled: 0,
      // The root user's console password, not IAM users' login profiles nor the password policy: a lab root has
      // none, and no operation can give it one (that takes an AssumeRoot session, aws-behaviour.md §11.3, §12.1).
      AccountPasswordPresent: 0,
      AccountSigningCertificatesPresent: index.all('signing-certificate', account).some((c) => c.owner.type === 'root') ? 1 : 0,
      MFADevices: 0,
      MFADevicesInUse: 0,
      // [U] whether AWS counts OIDC providers with SAML ones here; iamlab counts every identity provider.
      Providers: index.count('oidc-provider', account) + index.count('saml-provider', account),
      ServerCertificates: index.count('server-certificate', account),
      ServerCertificatesQuota: quotas.serverCertificatesPerAccount,
      SigningCertificatesPerUserQuota: quotas.signingCertificatesPerUser,
      GlobalEndpointTokenVersion: globalEndpointTokenVersion(index.stsPreferences(account)),
    };
    return { SummaryMap: summary };
  },
});
