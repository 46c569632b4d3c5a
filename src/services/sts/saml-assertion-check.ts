/**
 * The checks AssumeRoleWithSAML makes of a SAML response before the trust policy (aws-federation.md §3.4):
 * the provider `PrincipalArn` names, in the role's account; the XML signature against the certificates of
 * the provider's metadata (facts are read from signed elements only); the issuer against the metadata's
 * entity id; AWS's audience and recipient; the five-minute window after issuance and the validity times on
 * the virtual clock; the `Role` attribute naming this role with this provider; the session name and source
 * identity attributes. What passes becomes the `saml:` keys and the session's tags and duration cap.
 */
import type { AwsError } from '../../errors/aws-error.js';
import {
  AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX,
  AWS_ROLE_ATTRIBUTE,
  AWS_ROLE_SESSION_NAME_ATTRIBUTE,
  AWS_SESSION_DURATION_ATTRIBUTE,
  AWS_SOURCE_IDENTITY_ATTRIBUTE,
  AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE,
} from '../../federation/saml/aws-saml-attributes.js';
import { verifySamlResponse } from '../../federation/saml/verify-saml-response.js';
import { assertNever } from '../../lib/assert-never.js';
import type { SamlProviderView } from '../iam/provider-reads.js';
import { samlConditionKeys, subjectType } from './saml-condition-keys.js';
import { stsErrors } from './sts-errors.js';

/** AWS's texts (aws-federation.md §3.8); [U] marks the ones whose code is not recorded. */
const SAML_MESSAGES = {
  signatureInvalid: 'Response signature invalid',
  sessionNameRequired: 'RoleSessionName is required in AuthnResponse',
  sessionNameInvalid: 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
  sourceIdentityInvalid: 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
  tooOld: 'Token must be redeemed within 5 minutes of issuance',
  /** [U] code: the text is the IAM-UG troubleshooting page's. */
  noProvider: "Specified provider doesn't exist.",
  noAudience: 'Response does not contain the required audience.',
  /** [U] the console's "Issuer not present in specified provider", as an API text. */
  wrongIssuer: 'Issuer not present in specified provider',
  /** [U] no recorded text: kept short. */
  malformed: 'The SAML response is not a well-formed, signed SAML 2.0 response',
  notYetValid: 'The SAML assertion is not valid yet',
  expired: 'The SAML assertion has expired',
} as const;

/**
 * AWS's SAML endpoints: each of them may be the audience and the recipient (aws-federation.md §3.4 steps 5–6;
 * `urn:amazon:webservices` is the audience many IdPs write [U for the complete set]).
 */
const AWS_AUDIENCES = /^(?:https:\/\/(?:[a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml|urn:amazon:webservices)$/;
const AWS_RECIPIENTS = /^https:\/\/(?:(?:[a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml|signin\.aws\.amazon\.com\/static\/saml)$/;

/** Assertions must be redeemed within five minutes of `IssueInstant` (§3.4 step 7). */
const REDEEM_WITHIN_MS = 5 * 60_000;
const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithSAML';
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 43_200;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export interface VerifiedSaml {
  readonly issuer: string;
  readonly subject: string;
  readonly subjectType: string;
  readonly recipient: string;
  readonly trustKeys: Readonly<Record<string, string | readonly string[]>>;
  readonly sessionKeys: Readonly<Record<string, string | readonly string[]>>;
  readonly nameQualifier: string;
  readonly sessionName: string;
  readonly sourceIdentity: string | undefined;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[] | undefined;
  readonly transitiveTagKeys: readonly string[] | undefined;
  /** The `SessionDuration` attribute and `SessionNotOnOrAfter`, which can only shorten the session (§3.3). */
  readonly maxSessionSeconds: number | undefined;
}

type SamlCheck =
  | { readonly kind: 'ok'; readonly value: VerifiedSaml }
  | { readonly kind: 'refused'; readonly error: AwsError; readonly why: string; readonly caller?: string };

const invalid = (message: string, why: string): SamlCheck => ({ kind: 'refused', error: stsErrors.invalidIdentityToken(message), why });
const expired = (message: string, why: string): SamlCheck => ({ kind: 'refused', error: stsErrors.expiredTokenException(message), why });

interface SamlRequest {
  readonly roleArn: string;
  readonly principalArn: string;
  readonly assertion: string;
}

export function checkSamlAssertion(request: SamlRequest, provider: SamlProviderView | undefined, account: string, nowMs: number): SamlCheck {
  if (provider === undefined || provider.account !== account)
    return invalid(SAML_MESSAGES.noProvider, `no SAML provider ${request.principalArn} in account ${account}`);
  const verified = verifySamlResponse(request.assertion, provider.signingCertificates);
  if (verified.kind !== 'ok') {
    switch (verified.kind) {
      case 'bad-signature':
        return invalid(SAML_MESSAGES.signatureInvalid, `the signature does not verify with the provider's certificates: ${verified.problem}`);
      case 'no-subject':
        // A Subject with a NameID is required; without one AWS answers the trust failure (aws-federation.md §3.4 step 6).
        return { kind: 'refused', error: stsErrors.accessDenied(NOT_AUTHORIZED), why: verified.problem };
      case 'too-large':
      case 'not-base64':
      case 'not-xml':
      case 'not-a-response':
      case 'not-success':
      case 'encrypted-assertion':
      case 'no-assertion':
      case 'invalid-assertion':
        return invalid(SAML_MESSAGES.malformed, `the response cannot be used: ${verified.problem}`);
      default:
        return assertNever(verified, 'SAML verification');
    }
  }
  const facts = verified.response;
  if (facts.issuer !== provider.entityId)
    return invalid(SAML_MESSAGES.wrongIssuer, `issuer ${facts.issuer} is not the provider's entity id ${provider.entityId}`);
  if (!facts.audiences.some((audience) => AWS_AUDIENCES.test(audience))) {
    return invalid(SAML_MESSAGES.noAudience, `audiences ${facts.audiences.join(', ') || 'none'} do not name AWS`);
  }
  if (facts.recipient === undefined || facts.subjectNotOnOrAfterMs === undefined || !AWS_RECIPIENTS.test(facts.recipient)) {
    return invalid(SAML_MESSAGES.noAudience, 'the SubjectConfirmationData needs both NotOnOrAfter and an AWS Recipient');
  }
  if (nowMs - facts.issueInstantMs > REDEEM_WITHIN_MS) return expired(SAML_MESSAGES.tooOld, 'issued more than five minutes ago');
  if (facts.notBeforeMs !== undefined && nowMs < facts.notBeforeMs) return invalid(SAML_MESSAGES.notYetValid, 'before the Conditions NotBefore');
  const notOnOrAfter = Math.min(facts.subjectNotOnOrAfterMs, facts.notOnOrAfterMs ?? Number.POSITIVE_INFINITY);
  if (nowMs >= notOnOrAfter) return expired(SAML_MESSAGES.expired, 'past NotOnOrAfter');

  const caller = `${provider.arn}:${facts.nameId}`;
  const attribute = (name: string): readonly string[] => facts.attributes.get(name) ?? [];
  const rolePairs = attribute(AWS_ROLE_ATTRIBUTE).map((value) => value.split(',').map((part) => part.trim()));
  // AWS tolerates either order of the two ARNs in a `Role` value (aws-federation.md §3.5) [U].
  const namesRole = rolePairs.some((pair) => pair.length === 2 && pair.includes(request.roleArn) && pair.includes(request.principalArn));
  if (!namesRole) {
    return {
      kind: 'refused',
      error: stsErrors.accessDenied(NOT_AUTHORIZED),
      why: 'the Role attribute does not name this role with this provider',
      caller,
    };
  }
  const sessionName = attribute(AWS_ROLE_SESSION_NAME_ATTRIBUTE)[0];
  if (sessionName === undefined) return invalid(SAML_MESSAGES.sessionNameRequired, 'no RoleSessionName attribute');
  if (!SESSION_NAME.test(sessionName)) return invalid(SAML_MESSAGES.sessionNameInvalid, `RoleSessionName ${sessionName} is not a session name`);
  const sourceIdentity = attribute(AWS_SOURCE_IDENTITY_ATTRIBUTE)[0];
  if (sourceIdentity !== undefined && (!SESSION_NAME.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))) {
    return invalid(SAML_MESSAGES.sourceIdentityInvalid, `SourceIdentity ${sourceIdentity} is not allowed`);
  }
  const tags: { Key: string; Value: string }[] = [];
  for (const [name, values] of facts.attributes) {
    if (name.startsWith(AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX) && values[0] !== undefined) {
      tags.push({ Key: name.slice(AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX.length), Value: values[0] });
    }
  }
  const transitive = attribute(AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE);
  const durationAttribute = Number(attribute(AWS_SESSION_DURATION_ATTRIBUTE)[0]);
  // The session ends by the AuthnStatement's SessionNotOnOrAfter, and the SessionDuration attribute may shorten it (STS model doc of DurationSeconds).
  const untilSessionEnds = facts.sessionNotOnOrAfterMs === undefined ? [] : [Math.floor((facts.sessionNotOnOrAfterMs - nowMs) / 1000)];
  // SessionDuration is 900–43200 seconds (IAM-UG create_saml_assertions); a value outside it shortens nothing [U].
  const durationValid = Number.isInteger(durationAttribute) && durationAttribute >= MIN_SESSION_SECONDS && durationAttribute <= MAX_SESSION_SECONDS;
  const caps = [...untilSessionEnds, ...(durationValid ? [durationAttribute] : [])];
  const keys = samlConditionKeys({
    issuer: facts.issuer,
    recipient: facts.recipient,
    nameId: facts.nameId,
    nameIdFormat: facts.nameIdFormat,
    account,
    providerName: provider.name,
    attributes: facts.attributes,
  });
  return {
    kind: 'ok',
    value: {
      issuer: facts.issuer,
      subject: facts.nameId,
      subjectType: subjectType(facts.nameIdFormat),
      recipient: facts.recipient,
      trustKeys: keys.trust,
      sessionKeys: keys.session,
      nameQualifier: keys.session['saml:namequalifier'] as string,
      sessionName,
      sourceIdentity,
      tags: tags.length === 0 ? undefined : tags,
      transitiveTagKeys: transitive.length === 0 ? undefined : transitive,
      maxSessionSeconds: caps.length === 0 ? undefined : Math.min(...caps),
    },
  };
}
