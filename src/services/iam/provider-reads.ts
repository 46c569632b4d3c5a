/**
 * Reads of the identity providers for the STS side: the OIDC provider a web identity token's `iss` names, or the
 * one an ARN names (AssumeRoleWithWebIdentity, aws-federation.md §2.2); the SAML provider an assertion's role
 * attribute names (AssumeRoleWithSAML, §3.4). Views in camelCase over the stored records, which change only
 * through IAM operations.
 */
import { parseArn } from '../../arn/arn.js';
import type { IamIndex } from './iam-index.js';
import { arnOf } from './iam-index.js';
import type { IamState } from './iam-state.js';
import type { OidcProviderRecord, SamlPrivateKeyRecord, SamlProviderRecord, TagRecord } from './records.js';

export interface OidcProviderView {
  readonly arn: string;
  /** With its scheme, as created (`https://token.actions.githubusercontent.com`). */
  readonly url: string;
  readonly account: string;
  /** The audiences a token's `aud` must be one of. */
  readonly clientIds: readonly string[];
  /** Stored and shown, never used to verify anything (aws-federation.md §1.4). */
  readonly thumbprints: readonly string[];
  readonly createdMs: number;
  readonly tags: readonly TagRecord[];
}

const SCHEME = 'https://';
const OIDC_RESOURCE = 'oidc-provider/';

/** The provider record an ARN names exactly (partition, account and URL, case included), in any account. */
export function oidcProviderOfArn(index: IamIndex, arn: string): OidcProviderRecord | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith(OIDC_RESOURCE)) return undefined;
  const record = index.byName('oidc-provider', parsed.account, parsed.resource.slice(OIDC_RESOURCE.length));
  return record !== undefined && arnOf(record) === arn ? record : undefined;
}

function view(record: OidcProviderRecord): OidcProviderView {
  return {
    arn: arnOf(record),
    url: `${SCHEME}${record.name}`,
    account: record.account,
    clientIds: record.clientIds,
    thumbprints: record.thumbprints,
    createdMs: record.createdMs,
    tags: record.tags,
  };
}

/**
 * The provider of `account` whose URL is exactly `issuerUrl` (the token's `iss`, scheme included): URLs compare
 * case-sensitively and a trailing slash counts (aws-federation.md §1.2).
 */
export function oidcProviderByUrl(iam: IamState, account: string, issuerUrl: string): OidcProviderView | undefined {
  if (!issuerUrl.startsWith(SCHEME)) return undefined;
  const record = iam.index.byName('oidc-provider', account, issuerUrl.slice(SCHEME.length));
  return record === undefined ? undefined : view(record);
}

/** The provider an ARN names (`arn:aws:iam::<account>:oidc-provider/<url without https://>`). */
export function oidcProviderByArn(iam: IamState, arn: string): OidcProviderView | undefined {
  const record = oidcProviderOfArn(iam.index, arn);
  return record === undefined ? undefined : view(record);
}

export interface SamlProviderView {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  /** `SAMLProviderUUID`. */
  readonly uuid: string;
  /** As uploaded. */
  readonly metadataDocument: string;
  /** The IdP's `entityID`: an assertion's `Issuer` (aws-federation.md §3.4). */
  readonly entityId: string;
  /** base64 DER of each signing certificate of the IdP, in document order. */
  readonly signingCertificates: readonly string[];
  /** The metadata's `validUntil`, or a century after it was uploaded when it has none (aws-behaviour.md §11.2). */
  readonly validUntilMs: number;
  readonly assertionEncryptionMode: 'Required' | 'Allowed';
  /** Private keys for encrypted assertions (PEM), oldest first, at most two. */
  readonly privateKeys: readonly SamlPrivateKeyRecord[];
  readonly createdMs: number;
  readonly tags: readonly TagRecord[];
}

const SAML_RESOURCE = 'saml-provider/';

/**
 * The SAML provider record an ARN names, in any account: the name found as IAM finds names (case-insensitively)
 * and the whole ARN then compared exactly.
 */
export function samlProviderOfArn(index: IamIndex, arn: string): SamlProviderRecord | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith(SAML_RESOURCE)) return undefined;
  const record = index.byName('saml-provider', parsed.account, parsed.resource.slice(SAML_RESOURCE.length));
  return record !== undefined && arnOf(record) === arn ? record : undefined;
}

export function samlProviderByArn(iam: IamState, arn: string): SamlProviderView | undefined {
  const record = samlProviderOfArn(iam.index, arn);
  if (record === undefined) return undefined;
  return {
    arn: arnOf(record),
    name: record.name,
    account: record.account,
    uuid: record.id,
    metadataDocument: record.metadataDocument,
    entityId: record.entityId,
    signingCertificates: record.signingCertificates,
    validUntilMs: record.validUntilMs,
    assertionEncryptionMode: record.assertionEncryptionMode,
    privateKeys: record.privateKeys,
    createdMs: record.createdMs,
    tags: record.tags,
  };
}
