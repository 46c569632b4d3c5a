/**
 * Signing one element with an enveloped XML signature, the mirror of `verifyEnvelopedSignature`: one
 * Reference to the element's ID, transforms enveloped-signature then exclusive C14N, RSA with the chosen hash,
 * and the certificate in KeyInfo (as IdPs send it; verifiers take keys from metadata, not from here).
 *
 * The element is given as text that declares every namespace it uses, with the offset where the Signature
 * goes (after `saml:Issuer` for SAML, saml-core-2.0-os §2.3.3 and §3.2.1). Exclusive C14N makes the digest
 * independent of where the element is embedded afterwards: only prefixes it uses visibly, or lists in the
 * PrefixList, are part of it (Exc-C14N §1.1).
 */
import type { KeyObject } from 'node:crypto';
import { createHash, sign } from 'node:crypto';
import { InternalError } from '../../errors/aws-error.js';
import { EXC_C14N, excC14n } from './exc-c14n.js';
import { DSIG_NS } from './saml-namespaces.js';
import type { HashName } from './xmldsig-algorithms.js';
import { DIGEST_METHOD_URI, ENVELOPED_SIGNATURE, SIGNATURE_METHOD_URI } from './xmldsig-algorithms.js';
import type { XmlElement } from './xml-node.js';
import { attributeValue } from './xml-node.js';
import { readXml } from './xml-reader.js';
import { escapeXml } from '../../lib/xml.js';

export interface XmlSigningKey {
  readonly privateKey: KeyObject;
  /** base64 of the certificate's DER, written into KeyInfo. */
  readonly certificate: string;
}

export interface SignOptions {
  /** For SignatureMethod and DigestMethod; SHA-256 unless an old IdP is imitated. */
  readonly hash?: HashName;
  /** Written as the InclusiveNamespaces PrefixList of the exclusive C14N transform. */
  readonly inclusivePrefixes?: readonly string[];
}

export function signEnveloped(xml: string, insertAt: number, key: XmlSigningKey, options: SignOptions = {}): string {
  const hash = options.hash ?? 'sha256';
  const prefixes = options.inclusivePrefixes ?? [];
  const element = parse(xml);
  const id = attributeValue(element, 'ID');
  if (id === undefined || id === '') throw new InternalError(`signEnveloped: \`${element.qname}\` has no ID`);
  const digest = createHash(hash)
    .update(excC14n(element, { inclusivePrefixes: prefixes }), 'utf8')
    .digest('base64');
  const prefixList = prefixes.length === 0 ? '' : `<ec:InclusiveNamespaces xmlns:ec="${EXC_C14N}" PrefixList="${escapeXml(prefixes.join(' '))}"/>`;
  const signedInfo = (declaration: string): string =>
    `<ds:SignedInfo${declaration}>` +
    `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/>` +
    `<ds:SignatureMethod Algorithm="${SIGNATURE_METHOD_URI[hash]}"/>` +
    `<ds:Reference URI="#${escapeXml(id)}">` +
    `<ds:Transforms><ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/><ds:Transform Algorithm="${EXC_C14N}">${prefixList}</ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${DIGEST_METHOD_URI[hash]}"/>` +
    `<ds:DigestValue>${digest}</ds:DigestValue>` +
    `</ds:Reference></ds:SignedInfo>`;
  // Canonicalised on its own: exclusive C14N writes the `ds` declaration on SignedInfo wherever it sits.
  const canonical = excC14n(parse(signedInfo(` xmlns:ds="${DSIG_NS}"`)));
  const value = sign(hash, Buffer.from(canonical, 'utf8'), key.privateKey).toString('base64');
  const signature =
    `<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo('')}<ds:SignatureValue>${value}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${key.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`;
  return xml.slice(0, insertAt) + signature + xml.slice(insertAt);
}

function parse(xml: string): XmlElement {
  const read = readXml(xml);
  if (read.kind === 'error') throw new InternalError(`signEnveloped: the element to sign is not XML: ${read.problem}`);
  return read.document.root;
}
