/**
 * The SAML part of AssumeRoleWithSAML (aws-federation.md §3.4 steps 1 and 4): base64 → XML → `samlp:Response`,
 * signatures verified against the provider's metadata certificates, then the facts of the one assertion —
 * read from a verified element only. The Response must be signed, or its Assertion, or both; any signature
 * present must verify (a bad one is never ignored because another is good). Data comes from the assertion
 * element that a verified signature returned, or from the one Assertion child of a verified Response.
 *
 * Signature wrapping (Somorovsky et al. 2012; the XSW1–XSW8 variants) fails on four rules: exactly one
 * Assertion, a direct child of the Response; IDs unique in the document; a signature signs the element it is
 * a direct child of, named by its one Reference; and only the element the verifier returned is read.
 *
 * Times are returned, not judged: the STS operation compares them with the lab's virtual clock.
 */
import { X509Certificate } from 'node:crypto';
import type { SamlAssertionFacts } from './read-saml-assertion.js';
import { readSamlAssertion } from './read-saml-assertion.js';
import { DSIG_NS, SAML_ASSERTION_NS, SAML_PROTOCOL_NS, STATUS_SUCCESS } from './saml-namespaces.js';
import { decodeBase64Strict } from './strict-base64.js';
import { verifyEnvelopedSignature } from './verify-enveloped-signature.js';
import type { XmlElement } from './xml-node.js';
import { attributeValue, childrenNamed, isNamed } from './xml-node.js';
import { readXml } from './xml-reader.js';

export interface VerifiedSamlResponse extends SamlAssertionFacts {
  /** Which signatures covered the assertion. */
  readonly signed: 'response' | 'assertion' | 'both';
  /** Index into the certificates given of the one that verified (the assertion's when both are signed). */
  readonly certificateIndex: number;
}

export type SamlResponseVerification =
  | { readonly kind: 'ok'; readonly response: VerifiedSamlResponse }
  /** Longer than AssumeRoleWithSAML's `SAMLAssertion` (100,000 characters, aws-federation.md §3.3). */
  | { readonly kind: 'too-large'; readonly problem: string }
  | { readonly kind: 'not-base64'; readonly problem: string }
  /** Not UTF-8, not well-formed, or refused by the reader (DOCTYPE, entities, BOM…). */
  | { readonly kind: 'not-xml'; readonly problem: string }
  | { readonly kind: 'not-a-response'; readonly problem: string }
  | { readonly kind: 'not-success'; readonly problem: string }
  | { readonly kind: 'encrypted-assertion'; readonly problem: string }
  | { readonly kind: 'no-assertion'; readonly problem: string }
  /** No valid signature covers the assertion, or one present does not verify (→ `Response signature invalid`). */
  | { readonly kind: 'bad-signature'; readonly problem: string }
  | { readonly kind: 'invalid-assertion'; readonly problem: string }
  /** No Subject with a NameID (→ AccessDenied, aws-federation.md §3.4 step 6). */
  | { readonly kind: 'no-subject'; readonly problem: string };

export const MAX_SAML_RESPONSE_LENGTH = 100_000;

/** A response nests about ten deep and holds a few hundred nodes; these bounds leave ample room. */
const RESPONSE_LIMITS = { maxDepth: 32, maxNodes: 20_000 };

export function verifySamlResponse(base64: string, certificates: readonly string[]): SamlResponseVerification {
  if (base64.length > MAX_SAML_RESPONSE_LENGTH)
    return { kind: 'too-large', problem: `the assertion is longer than ${MAX_SAML_RESPONSE_LENGTH} characters` };
  const bytes = decodeBase64Strict(base64);
  if (bytes === undefined) return { kind: 'not-base64', problem: 'the assertion is not base64' };
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { kind: 'not-xml', problem: 'the assertion is not UTF-8' };
  }
  const read = readXml(xml, RESPONSE_LIMITS);
  if (read.kind === 'error') return { kind: 'not-xml', problem: read.problem };
  const response = read.document.root;
  if (!isNamed(response, SAML_PROTOCOL_NS, 'Response'))
    return { kind: 'not-a-response', problem: `the document element is \`${response.qname}\`, not \`samlp:Response\`` };
  if (attributeValue(response, 'Version') !== '2.0') return { kind: 'not-a-response', problem: 'the response is not SAML 2.0 (`Version`)' };
  const status = statusCode(response);
  if (status !== STATUS_SUCCESS) return { kind: 'not-success', problem: `the response status is \`${status ?? 'missing'}\`` };

  const assertions = childrenNamed(response, SAML_ASSERTION_NS, 'Assertion');
  const [assertion] = assertions;
  if (assertion === undefined) {
    return childrenNamed(response, SAML_ASSERTION_NS, 'EncryptedAssertion').length > 0
      ? { kind: 'encrypted-assertion', problem: 'encrypted assertions are not supported' }
      : { kind: 'no-assertion', problem: 'the response holds no assertion' };
  }
  if (assertions.length > 1) return badSignature(`the response holds ${assertions.length} assertions; exactly one is accepted`);

  const { trusted, positions } = parseCertificates(certificates);
  const responseSignature = signatureOf(response);
  const assertionSignature = signatureOf(assertion);
  if (responseSignature === 'several' || assertionSignature === 'several') return badSignature('an element holds more than one signature');
  if (responseSignature === undefined && assertionSignature === undefined) return badSignature('neither the response nor the assertion is signed');

  let verified: { assertion: XmlElement; certificateIndex: number } | undefined;
  if (responseSignature !== undefined) {
    const result = verifyEnvelopedSignature(responseSignature, trusted);
    if (result.kind === 'error') return badSignature(`response: ${result.problem}`);
    const [inner, ...more] = childrenNamed(result.signed, SAML_ASSERTION_NS, 'Assertion');
    if (inner === undefined || more.length > 0) return badSignature('the signed response does not hold exactly one assertion');
    verified = { assertion: inner, certificateIndex: positions[result.certificateIndex] ?? -1 };
  }
  if (assertionSignature !== undefined) {
    const result = verifyEnvelopedSignature(assertionSignature, trusted);
    if (result.kind === 'error') return badSignature(`assertion: ${result.problem}`);
    if (verified !== undefined && verified.assertion !== result.signed) return badSignature('the two signatures cover different assertions');
    verified = { assertion: result.signed, certificateIndex: positions[result.certificateIndex] ?? -1 };
  }
  if (verified === undefined) return badSignature('no signature covers the assertion');

  const facts = readSamlAssertion(verified.assertion);
  if (facts.kind !== 'ok') return facts;
  const signed = responseSignature === undefined ? 'assertion' : assertionSignature === undefined ? 'response' : 'both';
  return { kind: 'ok', response: { ...facts.facts, signed, certificateIndex: verified.certificateIndex } };
}

function badSignature(problem: string): SamlResponseVerification {
  return { kind: 'bad-signature', problem };
}

/** The element's `ds:Signature` child; 'several' when there is more than one. */
function signatureOf(element: XmlElement): XmlElement | 'several' | undefined {
  const signatures = childrenNamed(element, DSIG_NS, 'Signature');
  return signatures.length > 1 ? 'several' : signatures[0];
}

/**
 * The top-level StatusCode's `Value`. Read from the Response whether or not it is signed: a status can only
 * make the lab refuse, never accept.
 */
function statusCode(response: XmlElement): string | undefined {
  const [status] = childrenNamed(response, SAML_PROTOCOL_NS, 'Status');
  const [code] = status === undefined ? [] : childrenNamed(status, SAML_PROTOCOL_NS, 'StatusCode');
  return code === undefined ? undefined : attributeValue(code, 'Value');
}

/**
 * Certificates that do not parse are skipped: they can verify nothing (metadata was checked when stored).
 * `positions[i]` is the index among those given of `trusted[i]`.
 */
function parseCertificates(certificates: readonly string[]): { trusted: X509Certificate[]; positions: number[] } {
  const trusted: X509Certificate[] = [];
  const positions: number[] = [];
  for (const [position, certificate] of certificates.entries()) {
    const der = decodeBase64Strict(certificate);
    if (der === undefined) continue;
    try {
      trusted.push(new X509Certificate(der));
      positions.push(position);
    } catch {
      // unreadable: nothing it could verify
    }
  }
  return { trusted, positions };
}
