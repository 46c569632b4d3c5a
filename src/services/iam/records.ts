/**
 * The IAM state as stored: one JSON document per entity, in collections of its own, keyed
 * `<account>/<unique id>` so that a rename never moves a document. Inline policies, attachments, tags and
 * memberships live inside their entity's document, so that every IAM operation writes few documents.
 * Access keys stay in the shared `access-keys` collection (store/repos/identity-repo.ts) with the root keys.
 * Records are immutable values: a change writes a new record, in the store and then in memory.
 */
export const IAM_COLLECTIONS = {
  users: 'iam-users',
  groups: 'iam-groups',
  roles: 'iam-roles',
  policies: 'iam-policies',
  instanceProfiles: 'iam-instance-profiles',
  oidcProviders: 'iam-oidc-providers',
  samlProviders: 'iam-saml-providers',
  serverCertificates: 'iam-server-certificates',
  signingCertificates: 'iam-signing-certificates',
  sshPublicKeys: 'iam-ssh-public-keys',
  serviceCredentials: 'iam-service-credentials',
} as const;

type IamCollection = (typeof IAM_COLLECTIONS)[keyof typeof IAM_COLLECTIONS];

export interface TagRecord {
  readonly Key: string;
  readonly Value: string;
}

/** An inline policy: its name and the document exactly as submitted (after form decoding). */
export interface InlinePolicyRecord {
  readonly name: string;
  readonly text: string;
}

interface EntityBase {
  readonly account: string;
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly createdMs: number;
}

export interface UserRecord extends EntityBase {
  readonly kind: 'user';
  readonly boundaryArn: string | null;
  readonly tags: readonly TagRecord[];
  readonly inline: readonly InlinePolicyRecord[];
  readonly attached: readonly string[];
  /** Unique ids of the groups the user belongs to, in the order joined. */
  readonly groupIds: readonly string[];
}

export interface GroupRecord extends EntityBase {
  readonly kind: 'group';
  readonly inline: readonly InlinePolicyRecord[];
  readonly attached: readonly string[];
}

export interface RoleRecord extends EntityBase {
  readonly kind: 'role';
  readonly trust: string;
  /**
   * IAM resolves the user/role ARNs a trust policy names to unique ids when it is saved (aws-behaviour.md
   * §2.1): a principal deleted and recreated under the same name is a different principal.
   */
  readonly trustPrincipalIds: readonly (readonly [string, string])[];
  readonly description: string | null;
  readonly maxSessionDuration: number;
  readonly boundaryArn: string | null;
  readonly tags: readonly TagRecord[];
  readonly inline: readonly InlinePolicyRecord[];
  readonly attached: readonly string[];
  /**
   * The service principal of a service-linked role (CreateServiceLinkedRole, aws-iam-s3-more.md §A3.6); absent for
   * every other role. Such a role is changed only by AWS: most IAM operations on it are refused.
   */
  readonly linkedService?: string;
}

export interface PolicyVersionRecord {
  readonly versionId: string;
  readonly text: string;
  readonly createdMs: number;
}

export interface PolicyRecord extends EntityBase {
  readonly kind: 'policy';
  readonly description: string | null;
  readonly updatedMs: number;
  readonly defaultVersionId: string;
  /** Version ids are never reused: v1, v2… even after deletions. */
  readonly nextVersion: number;
  readonly versions: readonly PolicyVersionRecord[];
  readonly tags: readonly TagRecord[];
}

export interface InstanceProfileRecord extends EntityBase {
  readonly kind: 'instance-profile';
  /** At most one (aws-behaviour.md §2.4); a list because that is IAM's shape. */
  readonly roleIds: readonly string[];
  readonly tags: readonly TagRecord[];
}

/**
 * An OpenID Connect identity provider (aws-federation.md §1). It has no path and no unique id on the wire: `id`
 * only keys the stored document. `name` is the URL without `https://`, exactly as given — IAM neither lowercases
 * it nor drops a trailing slash (§1.2) — so it is the ARN's resource after `oidc-provider/` and the `Url`
 * GetOpenIDConnectProvider answers, and names compare exactly, unlike the other entities'.
 */
export interface OidcProviderRecord {
  readonly kind: 'oidc-provider';
  readonly account: string;
  readonly id: string;
  readonly name: string;
  readonly createdMs: number;
  /** A set kept in the order added (AddClientID of a present one changes nothing, §1.3). */
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
  readonly tags: readonly TagRecord[];
}

/** A private key for decrypting assertions (at most two, for rotation: aws-federation.md §3.1). */
export interface SamlPrivateKeyRecord {
  /** 22–64 of `[A-Z0-9]` (the model's `privateKeyIdType`). */
  readonly keyId: string;
  /** PEM as uploaded; a secret, shown to no one (GetSAMLProvider lists only ids and times). */
  readonly pem: string;
  readonly addedMs: number;
}

/**
 * A SAML identity provider (aws-federation.md §3.1–3.2). `id` is its `SAMLProviderUUID`. The metadata document is
 * kept as uploaded, with what IAM read from it: the IdP's entity id, its signing certificates (base64 DER) and
 * the provider's `ValidUntil`.
 */
export interface SamlProviderRecord {
  readonly kind: 'saml-provider';
  readonly account: string;
  readonly id: string;
  readonly name: string;
  readonly createdMs: number;
  readonly metadataDocument: string;
  readonly entityId: string;
  readonly signingCertificates: readonly string[];
  readonly validUntilMs: number;
  readonly assertionEncryptionMode: 'Required' | 'Allowed';
  readonly privateKeys: readonly SamlPrivateKeyRecord[];
  readonly tags: readonly TagRecord[];
}

/**
 * A server certificate (aws-behaviour.md §12.2): the certificate and chain as IAM shows them (trimmed), and the
 * expiration read from the certificate. The private key is checked at upload and not kept: IAM never returns
 * it, and nothing in the lab serves TLS with it.
 */
export interface ServerCertificateRecord extends EntityBase {
  readonly kind: 'server-certificate';
  readonly certificateBody: string;
  readonly certificateChain: string | null;
  readonly expirationMs: number;
  readonly tags: readonly TagRecord[];
}

type CredentialStatus = 'Active' | 'Inactive';

/**
 * The credentials a user holds besides access keys (aws-behaviour.md §12.2). They have no name: `name` is their
 * id, which keys them in the index, and they point at their user by unique id, so a renamed user keeps them.
 */
interface UserCredentialBase {
  readonly account: string;
  readonly id: string;
  readonly name: string;
  readonly status: CredentialStatus;
  readonly createdMs: number;
}

/** Signing certificates may belong to the root as well (the operations act on the caller without UserName). */
export type SigningCertificateOwner = { readonly type: 'root' } | { readonly type: 'user'; readonly userId: string };

export interface SigningCertificateRecord extends UserCredentialBase {
  readonly kind: 'signing-certificate';
  readonly owner: SigningCertificateOwner;
  readonly certificateBody: string;
}

export interface SshPublicKeyRecord extends UserCredentialBase {
  readonly kind: 'ssh-public-key';
  readonly userId: string;
  /** As uploaded (trimmed), in the encoding it was uploaded in. */
  readonly body: string;
  readonly encoding: 'SSH' | 'PEM';
  readonly fingerprint: string;
}

/**
 * A service-specific credential. Its password or secret is shown once, by Create or Reset, and is not kept:
 * nothing in the lab authenticates with it.
 */
export interface ServiceCredentialRecord extends UserCredentialBase {
  readonly kind: 'service-credential';
  readonly userId: string;
  readonly serviceName: string;
  /** CodeCommit and Keyspaces: `<user>-at-<account>` as the user was named at creation. */
  readonly serviceUserName: string | null;
  /** Bedrock and CloudWatch Logs API keys: the public part of the key. */
  readonly alias: string | null;
  readonly expirationMs: number | null;
}

export type UserCredentialRecord = SigningCertificateRecord | SshPublicKeyRecord | ServiceCredentialRecord;

export type IamRecord =
  | UserRecord
  | GroupRecord
  | RoleRecord
  | PolicyRecord
  | InstanceProfileRecord
  | OidcProviderRecord
  | SamlProviderRecord
  | ServerCertificateRecord
  | UserCredentialRecord;
export type IamRecordKind = IamRecord['kind'];

export function collectionOf(kind: IamRecordKind): IamCollection {
  switch (kind) {
    case 'user':
      return IAM_COLLECTIONS.users;
    case 'group':
      return IAM_COLLECTIONS.groups;
    case 'role':
      return IAM_COLLECTIONS.roles;
    case 'policy':
      return IAM_COLLECTIONS.policies;
    case 'instance-profile':
      return IAM_COLLECTIONS.instanceProfiles;
    case 'oidc-provider':
      return IAM_COLLECTIONS.oidcProviders;
    case 'saml-provider':
      return IAM_COLLECTIONS.samlProviders;
    case 'server-certificate':
      return IAM_COLLECTIONS.serverCertificates;
    case 'signing-certificate':
      return IAM_COLLECTIONS.signingCertificates;
    case 'ssh-public-key':
      return IAM_COLLECTIONS.sshPublicKeys;
    case 'service-credential':
      return IAM_COLLECTIONS.serviceCredentials;
  }
}

export function recordKey(record: Pick<IamRecord, 'account' | 'id'>): string {
  return `${record.account}/${record.id}`;
}
