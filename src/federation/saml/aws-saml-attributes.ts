/**
 * The SAML attributes AWS reads from an assertion (aws-federation.md §3.5; names are case-sensitive), and the
 * list an identity provider sends for a given role, session name and tags.
 */
const PREFIX = 'https://aws.amazon.com/SAML/Attributes/';
export const AWS_ROLE_ATTRIBUTE = `${PREFIX}Role`;
export const AWS_ROLE_SESSION_NAME_ATTRIBUTE = `${PREFIX}RoleSessionName`;
export const AWS_SESSION_DURATION_ATTRIBUTE = `${PREFIX}SessionDuration`;
export const AWS_SOURCE_IDENTITY_ATTRIBUTE = `${PREFIX}SourceIdentity`;
export const AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX = `${PREFIX}PrincipalTag:`;
export const AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE = `${PREFIX}TransitiveTagKeys`;

/** AWS's SAML endpoint: the audience and the SubjectConfirmationData Recipient an IdP writes (§3.4 steps 5, 6). */
export const AWS_SAML_ENDPOINT = 'https://signin.aws.amazon.com/saml';

export interface SamlAttribute {
  readonly name: string;
  readonly values: readonly string[];
}

interface AwsSamlAttributeInput {
  /** Each pair is written `role-arn,provider-arn` (comma, no space). */
  readonly roles: readonly { readonly roleArn: string; readonly providerArn: string }[];
  readonly roleSessionName?: string;
  readonly sessionDurationSeconds?: number;
  readonly sourceIdentity?: string;
  readonly principalTags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
}

export function awsSamlAttributes(input: AwsSamlAttributeInput): SamlAttribute[] {
  const attributes: SamlAttribute[] = [{ name: AWS_ROLE_ATTRIBUTE, values: input.roles.map((r) => `${r.roleArn},${r.providerArn}`) }];
  if (input.roleSessionName !== undefined) attributes.push({ name: AWS_ROLE_SESSION_NAME_ATTRIBUTE, values: [input.roleSessionName] });
  if (input.sessionDurationSeconds !== undefined)
    attributes.push({ name: AWS_SESSION_DURATION_ATTRIBUTE, values: [String(input.sessionDurationSeconds)] });
  if (input.sourceIdentity !== undefined) attributes.push({ name: AWS_SOURCE_IDENTITY_ATTRIBUTE, values: [input.sourceIdentity] });
  for (const [key, value] of Object.entries(input.principalTags ?? {}))
    attributes.push({ name: `${AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX}${key}`, values: [value] });
  if (input.transitiveTagKeys !== undefined && input.transitiveTagKeys.length > 0) {
    attributes.push({ name: AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE, values: input.transitiveTagKeys });
  }
  return attributes;
}
