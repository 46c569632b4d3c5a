/** IAM quotas and their defaults (aws-behaviour.md §2.1, §2.2; IAM-UG reference_iam-quotas). */
export interface IamQuotas {
  readonly usersPerAccount: number;
  readonly groupsPerAccount: number;
  readonly rolesPerAccount: number;
  readonly policiesPerAccount: number;
  readonly instanceProfilesPerAccount: number;
  readonly groupsPerUser: number;
  readonly accessKeysPerUser: number;
  readonly attachedPerUser: number;
  readonly attachedPerRole: number;
  readonly attachedPerGroup: number;
  readonly versionsPerPolicy: number;
  readonly rolesPerInstanceProfile: number;
  readonly tagsPerEntity: number;
  readonly oidcProvidersPerAccount: number;
  readonly clientIdsPerOidcProvider: number;
  readonly thumbprintsPerOidcProvider: number;
  readonly samlProvidersPerAccount: number;
  readonly privateKeysPerSamlProvider: number;
  readonly serverCertificatesPerAccount: number;
  readonly signingCertificatesPerUser: number;
  readonly sshPublicKeysPerUser: number;
  /** Per user and per service. */
  readonly serviceCredentialsPerService: number;
  /** Characters without whitespace. */
  readonly trustPolicySize: number;
  readonly managedPolicySize: number;
  readonly userInlineSize: number;
  readonly roleInlineSize: number;
  readonly groupInlineSize: number;
}

export const DEFAULT_QUOTAS: IamQuotas = {
  usersPerAccount: 5000,
  groupsPerAccount: 300,
  rolesPerAccount: 1000,
  policiesPerAccount: 1500,
  instanceProfilesPerAccount: 1000,
  groupsPerUser: 10,
  accessKeysPerUser: 2,
  attachedPerUser: 10,
  attachedPerRole: 10,
  attachedPerGroup: 10,
  versionsPerPolicy: 5,
  rolesPerInstanceProfile: 1,
  tagsPerEntity: 50,
  // aws-federation.md §1.2–1.4.
  oidcProvidersPerAccount: 100,
  clientIdsPerOidcProvider: 100,
  thumbprintsPerOidcProvider: 5,
  // aws-federation.md §3.1.
  samlProvidersPerAccount: 100,
  privateKeysPerSamlProvider: 2,
  // aws-behaviour.md §12.2 (IAM-UG reference_iam-quotas; the model's CreateServiceSpecificCredential).
  serverCertificatesPerAccount: 20,
  signingCertificatesPerUser: 2,
  sshPublicKeysPerUser: 5,
  serviceCredentialsPerService: 2,
  trustPolicySize: 2048,
  managedPolicySize: 6144,
  userInlineSize: 2048,
  roleInlineSize: 10240,
  groupInlineSize: 5120,
};
