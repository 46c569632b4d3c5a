/**
 * What a user asks of the lab IdP (`POST /_iamlab/saml/assertion`, `iamlab saml assertion`) and its checks.
 * Every problem is reported at once (conventions.md habit 5). The checks are only those that keep the IdP
 * from writing something meaningless; whether AWS would accept the assertion is for AssumeRoleWithSAML to say,
 * so an assertion that STS must refuse (a session name it rejects, a wrong role) can still be made on purpose.
 */
import { AWS_SAML_ENDPOINT } from '../../federation/saml/aws-saml-attributes.js';
import type { SamlAttribute } from '../../federation/saml/aws-saml-attributes.js';
import { awsSamlAttributes } from '../../federation/saml/aws-saml-attributes.js';

export interface SamlAssertionRequest {
  /** The SAML provider ARN (`arn:aws:iam::<account>:saml-provider/<name>`) written into the Role attribute. */
  readonly providerArn: string;
  readonly roleArn: string;
  /** The NameID. */
  readonly subject: string;
  /** A short name (`persistent`, `transient`, `emailAddress`, `unspecified`, …) or a full Format URI. */
  readonly subjectFormat?: string;
  /** The RoleSessionName attribute; the subject when absent; `null` leaves the attribute out. */
  readonly sessionName?: string | null;
  /** Attribute name → values. Names that are not URIs are AWS's (`PrincipalTag:team` → `https://aws.amazon.com/SAML/Attributes/PrincipalTag:team`). */
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  /** The SessionDuration attribute, in seconds. */
  readonly sessionDurationSeconds?: number;
  /** How long the assertion may be redeemed: SubjectConfirmationData and Conditions NotOnOrAfter (default 300). */
  readonly expiresInSeconds?: number;
  readonly audience?: string;
  readonly recipient?: string;
  readonly signResponse?: boolean;
}

/** The request turned into the facts of a Response (everything but IDs, instants and the key). */
interface PlannedAssertion {
  readonly nameId: string;
  readonly nameIdFormat: string;
  readonly attributes: readonly SamlAttribute[];
  readonly expiresInMs: number;
  readonly audience: string;
  readonly recipient: string;
  readonly signResponse: boolean;
}

/** saml-core-2.0-os §8.3 and the SAML 1.1 formats AWS lists (aws-federation.md §3.5). */
const NAMEID_FORMATS: Readonly<Record<string, string>> = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  kerberos: 'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos',
  entity: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  X509SubjectName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
  WindowsDomainQualifiedName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName',
};

const AWS_ATTRIBUTE_PREFIX = 'https://aws.amazon.com/SAML/Attributes/';
const PROVIDER_ARN = /^arn:aws[\w-]*:iam::\d{12}:saml-provider\/[\w.-]{1,128}$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const DEFAULT_EXPIRES_IN_SECONDS = 300;
/** A day: longer-lived assertions have no use against AWS's five-minute redemption rule. */
const MAX_EXPIRES_IN_SECONDS = 86_400;

type PlanResult = { readonly kind: 'ok'; readonly plan: PlannedAssertion } | { readonly kind: 'error'; readonly problems: readonly string[] };

export function planAssertion(request: SamlAssertionRequest): PlanResult {
  const problems: string[] = [];
  if (!PROVIDER_ARN.test(request.providerArn))
    problems.push(`\`${request.providerArn}\` is not a SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)`);
  if (!ROLE_ARN.test(request.roleArn)) problems.push(`\`${request.roleArn}\` is not a role ARN (arn:aws:iam::<account>:role/<name>)`);
  if (request.subject === '') problems.push('the subject (NameID) is empty');
  const format = request.subjectFormat ?? 'persistent';
  const nameIdFormat = NAMEID_FORMATS[format] ?? (format.includes(':') ? format : undefined);
  if (nameIdFormat === undefined) problems.push(`unknown subject format \`${format}\`; use ${Object.keys(NAMEID_FORMATS).join(', ')} or a URI`);
  const duration = request.sessionDurationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration <= 0))
    problems.push('the session duration must be a whole number of seconds');
  const expiresIn = request.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN_SECONDS) {
    problems.push(`expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN_SECONDS}`);
  }
  const extra = Object.entries(request.attributes ?? {}).map(([name, value]) => ({
    name: /^[A-Za-z][\w+.-]*:\/\/|^urn:/.test(name) ? name : `${AWS_ATTRIBUTE_PREFIX}${name}`,
    values: typeof value === 'string' ? [value] : value,
  }));
  for (const { name } of extra) if (name === `${AWS_ATTRIBUTE_PREFIX}`) problems.push('an attribute has an empty name');
  if (problems.length > 0 || nameIdFormat === undefined) return { kind: 'error', problems };

  const sessionName = request.sessionName === undefined ? request.subject : request.sessionName;
  const attributes = [
    ...awsSamlAttributes({
      roles: [{ roleArn: request.roleArn, providerArn: request.providerArn }],
      ...(sessionName === null ? {} : { roleSessionName: sessionName }),
      ...(duration === undefined ? {} : { sessionDurationSeconds: duration }),
    }),
    ...extra,
  ];
  return {
    kind: 'ok',
    plan: {
      nameId: request.subject,
      nameIdFormat,
      attributes: mergeByName(attributes),
      expiresInMs: expiresIn * 1000,
      audience: request.audience ?? AWS_SAML_ENDPOINT,
      recipient: request.recipient ?? AWS_SAML_ENDPOINT,
      signResponse: request.signResponse ?? false,
    },
  };
}

/** One Attribute per name: an extra attribute named like a generated one (RoleSessionName, Role) replaces it. */
function mergeByName(attributes: readonly SamlAttribute[]): SamlAttribute[] {
  const byName = new Map<string, SamlAttribute>();
  for (const attribute of attributes) byName.set(attribute.name, attribute);
  return [...byName.values()];
}
