/**
 * A lab identity provider's SAML 2.0 Response for AWS (IAM-UG id_roles_providers_create_saml_assertions;
 * aws-federation.md §3.4–§3.5): `samlp:Response` with `Status` Success and one `saml:Assertion` — Issuer,
 * Subject (NameID with Format, bearer SubjectConfirmation with NotOnOrAfter and Recipient), Conditions with
 * an AudienceRestriction, an AuthnStatement and an AttributeStatement — the assertion signed, the response
 * too when asked. IDs and instants are arguments; nothing here reads a clock or draws random numbers.
 */
import { isoSeconds } from '../../lib/encoding.js';
import { escapeXml } from '../../lib/xml.js';
import type { SamlAttribute } from './aws-saml-attributes.js';
import {
  ATTRNAME_FORMAT_URI,
  AUTHN_CONTEXT_PASSWORD_PROTECTED,
  BEARER_METHOD,
  SAML_ASSERTION_NS,
  SAML_PROTOCOL_NS,
  STATUS_SUCCESS,
  XS_NS,
  XSI_NS,
} from './saml-namespaces.js';
import type { SignOptions, XmlSigningKey } from './sign-enveloped.js';
import { signEnveloped } from './sign-enveloped.js';

export interface SamlResponseInput {
  readonly issuer: string;
  /** XML IDs (NCNames, e.g. `_` and hex): the Response's and the Assertion's. */
  readonly responseId: string;
  readonly assertionId: string;
  readonly issueInstantMs: number;
  readonly nameId: string;
  readonly nameIdFormat: string;
  /** SubjectConfirmationData `Recipient` and the Response's `Destination`. */
  readonly recipient: string;
  readonly audiences: readonly string[];
  /** SubjectConfirmationData `NotOnOrAfter`. */
  readonly subjectNotOnOrAfterMs: number;
  readonly notBeforeMs: number;
  readonly notOnOrAfterMs: number;
  /** AuthnStatement `SessionNotOnOrAfter`, when the IdP bounds the session. */
  readonly sessionNotOnOrAfterMs?: number;
  readonly attributes: readonly SamlAttribute[];
  /** Sign the Assertion (the default) and/or the Response; AWS accepts either or both (aws-federation.md §3.4). */
  readonly signAssertion?: boolean;
  readonly signResponse?: boolean;
}

/** The Response as XML text (UTF-8 when encoded; base64 of those bytes is what AssumeRoleWithSAML takes). */
export function buildSamlResponse(input: SamlResponseInput, key: XmlSigningKey, options: Pick<SignOptions, 'hash'> = {}): string {
  const issuer = `<saml:Issuer>${escapeXml(input.issuer)}</saml:Issuer>`;
  const assertionOpen =
    `<saml:Assertion xmlns:saml="${SAML_ASSERTION_NS}" xmlns:xs="${XS_NS}" xmlns:xsi="${XSI_NS}"` +
    ` ID="${escapeXml(input.assertionId)}" IssueInstant="${isoSeconds(input.issueInstantMs)}" Version="2.0">${issuer}`;
  const assertion = assertionOpen + assertionBody(input) + '</saml:Assertion>';
  // `xs` appears only inside attribute values (`xsi:type="xs:string"`), which exclusive C14N does not see as a
  // use: the PrefixList keeps its binding under the signature (Exc-C14N §1.1, the QName-in-content caveat).
  const signedAssertion =
    input.signAssertion === false ? assertion : signEnveloped(assertion, assertionOpen.length, key, { ...options, inclusivePrefixes: ['xs'] });
  const responseOpen =
    `<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" xmlns:saml="${SAML_ASSERTION_NS}" ID="${escapeXml(input.responseId)}"` +
    ` Version="2.0" IssueInstant="${isoSeconds(input.issueInstantMs)}" Destination="${escapeXml(input.recipient)}">${issuer}`;
  const response = `${responseOpen}<samlp:Status><samlp:StatusCode Value="${STATUS_SUCCESS}"/></samlp:Status>${signedAssertion}</samlp:Response>`;
  return input.signResponse === true ? signEnveloped(response, responseOpen.length, key, options) : response;
}

function assertionBody(input: SamlResponseInput): string {
  const subject =
    `<saml:Subject><saml:NameID Format="${escapeXml(input.nameIdFormat)}">${escapeXml(input.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${BEARER_METHOD}">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${isoSeconds(input.subjectNotOnOrAfterMs)}" Recipient="${escapeXml(input.recipient)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>`;
  const audiences = input.audiences.map((a) => `<saml:Audience>${escapeXml(a)}</saml:Audience>`).join('');
  const conditions =
    `<saml:Conditions NotBefore="${isoSeconds(input.notBeforeMs)}" NotOnOrAfter="${isoSeconds(input.notOnOrAfterMs)}">` +
    `<saml:AudienceRestriction>${audiences}</saml:AudienceRestriction></saml:Conditions>`;
  const sessionBound = input.sessionNotOnOrAfterMs === undefined ? '' : ` SessionNotOnOrAfter="${isoSeconds(input.sessionNotOnOrAfterMs)}"`;
  const authn =
    `<saml:AuthnStatement AuthnInstant="${isoSeconds(input.issueInstantMs)}" SessionIndex="${escapeXml(input.assertionId)}"${sessionBound}>` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${AUTHN_CONTEXT_PASSWORD_PROTECTED}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
  const attributes = input.attributes
    .map(
      (attribute) =>
        `<saml:Attribute Name="${escapeXml(attribute.name)}" NameFormat="${ATTRNAME_FORMAT_URI}">` +
        attribute.values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join('') +
        '</saml:Attribute>',
    )
    .join('');
  const statement = attributes === '' ? '' : `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`;
  return subject + conditions + authn + statement;
}
