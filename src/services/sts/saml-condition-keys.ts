/**
 * The `saml:` condition keys of an AssumeRoleWithSAML trust decision (aws-federation.md §3.6; IAM-UG
 * reference_policies_iam-condition-keys "Available keys for SAML-based AWS STS federation" and
 * id_roles_providers_create_saml_assertions): the assertion's own facts (`saml:aud` is the
 * SubjectConfirmationData `Recipient`, not the Audience element), and attributes IAM maps from their OIDs
 * or claim URIs to short names. When several attributes map to one key, the first wins (IAM-UG: only one
 * claim per key is mapped).
 */
import { createHash } from 'node:crypto';

/** Attribute `Name` → key (without `saml:`). */
const ATTRIBUTE_KEYS: Readonly<Record<string, string>> = {
  // eduPerson (urn:oid:1.3.6.1.4.1.5923.1.1.1.*) and eduOrg (…5923.1.2.1.*)
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'edupersonaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': 'edupersonnickname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': 'edupersonorgdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': 'edupersonorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'edupersonprimaryaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'edupersonprincipalname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'edupersonentitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': 'edupersonprimaryorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'edupersonscopedaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'edupersontargetedid',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': 'edupersonassurance',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': 'eduorghomepageuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': 'eduorgidentityauthnpolicyuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.4': 'eduorglegalname',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.5': 'eduorgsuperioruri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.6': 'eduorgwhitepagesuri',
  // X.500 and LDAP
  'urn:oid:2.5.4.3': 'cn',
  'urn:oid:2.5.4.4': 'surname',
  'urn:oid:2.5.4.42': 'givenName',
  'urn:oid:2.5.4.45': 'x500UniqueIdentifier',
  'urn:oid:0.9.2342.19200300100.1.1': 'uid',
  'urn:oid:0.9.2342.19200300100.1.3': 'mail',
  'urn:oid:0.9.2342.19200300.100.1.45': 'organizationStatus',
  // Active Directory claim URIs
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'givenName',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'surname',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'mail',
  'http://schemas.xmlsoap.org/claims/CommonName': 'commonName',
  'http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid': 'primaryGroupSID',
};

/** The SAML 2.0 NameID format prefix AWS strips from `SubjectType` (aws-federation.md §3.7). */
const NAMEID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';

/** `persistent`, `transient`, or the full Format URI for any other format. */
export function subjectType(format: string | undefined): string {
  const full = format ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
  return full.startsWith(NAMEID_FORMAT_PREFIX) ? full.slice(NAMEID_FORMAT_PREFIX.length) : full;
}

/**
 * `NameQualifier`: base64(SHA-1(Issuer + AccountId + "/" + ProviderName)), the bytes concatenated with only the
 * `/` between the account and the provider's name (STS model doc of `NameQualifier`, aws-federation.md §3.7).
 */
function nameQualifier(issuer: string, account: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${account}/${providerName}`).digest('base64');
}

interface SamlFacts {
  readonly issuer: string;
  readonly recipient: string;
  readonly nameId: string;
  readonly nameIdFormat: string | undefined;
  readonly account: string;
  readonly providerName: string;
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

/** The keys the trust policy sees, and the three the session keeps for its later requests (aws-federation.md §3.6). */
export function samlConditionKeys(facts: SamlFacts): {
  readonly trust: Readonly<Record<string, string | readonly string[]>>;
  readonly session: Readonly<Record<string, string | readonly string[]>>;
} {
  const session: Record<string, string | readonly string[]> = {
    'saml:sub': facts.nameId,
    'saml:sub_type': subjectType(facts.nameIdFormat),
    'saml:namequalifier': nameQualifier(facts.issuer, facts.account, facts.providerName),
  };
  const trust: Record<string, string | readonly string[]> = {
    ...session,
    'saml:aud': facts.recipient,
    'saml:iss': facts.issuer,
    'saml:doc': `${facts.account}/${facts.providerName}`,
  };
  for (const [name, values] of facts.attributes) {
    // Own keys only: an attribute named `constructor` or `__proto__` must not find Object.prototype's members.
    const key = Object.hasOwn(ATTRIBUTE_KEYS, name) ? ATTRIBUTE_KEYS[name] : undefined;
    if (key === undefined || values.length === 0) continue;
    const full = `saml:${key}`;
    if (trust[full] === undefined) trust[full] = values.length === 1 ? (values[0] as string) : values;
  }
  return { trust, session };
}
