/**
 * The facts AWS uses from a `saml:Assertion` (saml-core-2.0-os §2.3–§2.7; aws-federation.md §3.4–§3.6),
 * read from an element whose signature has already been verified — never from anywhere else in the document.
 * Structure is checked here (one Issuer, one Subject with a NameID, exactly one bearer SubjectConfirmation
 * whose data has both NotOnOrAfter and Recipient, well-formed instants); whether the values are acceptable
 * (audience, recipient, times against the clock, attributes) is the STS operation's decision.
 */
import { BEARER_METHOD, SAML_ASSERTION_NS } from './saml-namespaces.js';
import { parseXmlDateTime } from './xml-datetime.js';
import type { XmlElement } from './xml-node.js';
import { attributeValue, childrenNamed, textContent } from './xml-node.js';

export interface SamlAssertionFacts {
  readonly assertionId: string;
  readonly issuer: string;
  readonly issueInstantMs: number;
  /** The whole text of NameID, comments skipped (never only the first text node), white space trimmed. */
  readonly nameId: string;
  /** `Format`, or SAML's default `…:1.1:nameid-format:unspecified` when absent (saml-core-2.0-os §8.3.1). */
  readonly nameIdFormat: string;
  /** SubjectConfirmationData `Recipient` (`saml:aud`, aws-federation.md §3.6). */
  readonly recipient: string;
  readonly subjectNotOnOrAfterMs: number;
  readonly notBeforeMs: number | undefined;
  readonly notOnOrAfterMs: number | undefined;
  /** Every `Audience` of every `AudienceRestriction`. */
  readonly audiences: readonly string[];
  /** The earliest AuthnStatement `SessionNotOnOrAfter` (bounds the session, aws-federation.md §3.3). */
  readonly sessionNotOnOrAfterMs: number | undefined;
  /** Attribute `Name` → values in document order; Attributes of the same Name are merged. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

type AssertionReadResult =
  | { readonly kind: 'ok'; readonly facts: SamlAssertionFacts }
  | { readonly kind: 'invalid-assertion'; readonly problem: string }
  | { readonly kind: 'no-subject'; readonly problem: string };

export const UNSPECIFIED_NAMEID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

export function readSamlAssertion(assertion: XmlElement): AssertionReadResult {
  const invalid = (problem: string): AssertionReadResult => ({ kind: 'invalid-assertion', problem });
  if (attributeValue(assertion, 'Version') !== '2.0') return invalid('the assertion is not SAML 2.0 (`Version`)');
  const assertionId = attributeValue(assertion, 'ID') ?? '';
  const issueInstantMs = instant(assertion, 'IssueInstant');
  if (issueInstantMs === undefined) return invalid('the assertion has no valid `IssueInstant`');
  const issuer = single(assertion, 'Issuer');
  if (issuer === undefined || textContent(issuer).trim() === '') return invalid('the assertion must have exactly one `Issuer`');

  const subject = single(assertion, 'Subject');
  const nameIdElement = subject === undefined ? undefined : single(subject, 'NameID');
  if (subject === undefined || nameIdElement === undefined)
    return { kind: 'no-subject', problem: 'the assertion has no `Subject` with one `NameID`' };
  const nameId = textContent(nameIdElement).trim();
  if (nameId === '') return { kind: 'no-subject', problem: 'the `NameID` is empty' };
  const confirmations = childrenNamed(subject, SAML_ASSERTION_NS, 'SubjectConfirmation');
  const [confirmation] = confirmations;
  if (confirmation === undefined || confirmations.length !== 1) return invalid('the `Subject` must have exactly one `SubjectConfirmation`');
  if (attributeValue(confirmation, 'Method') !== BEARER_METHOD) return invalid('the `SubjectConfirmation` is not a bearer confirmation');
  const data = single(confirmation, 'SubjectConfirmationData');
  const recipient = data === undefined ? undefined : attributeValue(data, 'Recipient');
  const subjectNotOnOrAfterMs = data === undefined ? undefined : instant(data, 'NotOnOrAfter');
  if (recipient === undefined || subjectNotOnOrAfterMs === undefined) {
    return invalid('the `SubjectConfirmationData` must have both `NotOnOrAfter` and `Recipient`');
  }

  const conditionsList = childrenNamed(assertion, SAML_ASSERTION_NS, 'Conditions');
  if (conditionsList.length > 1) return invalid('the assertion has more than one `Conditions`');
  const [conditions] = conditionsList;
  const notBeforeMs = conditions === undefined ? undefined : instant(conditions, 'NotBefore');
  const notOnOrAfterMs = conditions === undefined ? undefined : instant(conditions, 'NotOnOrAfter');
  for (const name of ['NotBefore', 'NotOnOrAfter']) {
    if (conditions !== undefined && attributeValue(conditions, name) !== undefined && instant(conditions, name) === undefined) {
      return invalid(`\`Conditions\` has an invalid \`${name}\``);
    }
  }
  const audiences = (conditions === undefined ? [] : childrenNamed(conditions, SAML_ASSERTION_NS, 'AudienceRestriction')).flatMap((restriction) =>
    childrenNamed(restriction, SAML_ASSERTION_NS, 'Audience').map((a) => textContent(a).trim()),
  );

  let sessionNotOnOrAfterMs: number | undefined;
  for (const statement of childrenNamed(assertion, SAML_ASSERTION_NS, 'AuthnStatement')) {
    if (attributeValue(statement, 'SessionNotOnOrAfter') === undefined) continue;
    const ms = instant(statement, 'SessionNotOnOrAfter');
    if (ms === undefined) return invalid('`AuthnStatement` has an invalid `SessionNotOnOrAfter`');
    sessionNotOnOrAfterMs = Math.min(ms, sessionNotOnOrAfterMs ?? ms);
  }

  const attributes = new Map<string, string[]>();
  for (const statement of childrenNamed(assertion, SAML_ASSERTION_NS, 'AttributeStatement')) {
    for (const attribute of childrenNamed(statement, SAML_ASSERTION_NS, 'Attribute')) {
      const name = attributeValue(attribute, 'Name');
      if (name === undefined || name === '') return invalid('an `Attribute` has no `Name`');
      const values = childrenNamed(attribute, SAML_ASSERTION_NS, 'AttributeValue').map(textContent);
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }

  return {
    kind: 'ok',
    facts: {
      assertionId,
      issuer: textContent(issuer).trim(),
      issueInstantMs,
      nameId,
      nameIdFormat: attributeValue(nameIdElement, 'Format') ?? UNSPECIFIED_NAMEID_FORMAT,
      recipient,
      subjectNotOnOrAfterMs,
      notBeforeMs,
      notOnOrAfterMs,
      audiences,
      sessionNotOnOrAfterMs,
      attributes,
    },
  };
}

/** The one child `saml:<name>`, or undefined when there is none or more than one. */
function single(parent: XmlElement, name: string): XmlElement | undefined {
  const found = childrenNamed(parent, SAML_ASSERTION_NS, name);
  return found.length === 1 ? found[0] : undefined;
}

function instant(element: XmlElement, name: string): number | undefined {
  const text = attributeValue(element, name);
  return text === undefined ? undefined : parseXmlDateTime(text);
}
