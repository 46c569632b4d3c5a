/**
 * The tree `readXml` builds: elements with their qualified names and namespace URIs, attributes (namespace
 * declarations included) in document order, text, and comments. Comments are kept so that canonicalisation
 * and the text of an element can be computed exactly as XML-DSig defines them: a comment is not text, and an
 * element's text is every text node it holds (the 2018 SAML comment-truncation bugs read only the first).
 */

/** `xmlns` and `xmlns:p` attributes are in this namespace (Namespaces in XML 1.0 §3, as the DOM models them). */
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
/** The `xml:` prefix, bound in every document without a declaration (Namespaces in XML 1.0 §3). */
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

import type { NamespaceScope } from './namespace-scope.js';

export interface XmlAttribute {
  /** As written: `ID`, `xmlns:saml`, `xml:lang`. */
  readonly qname: string;
  /** `''` for an unprefixed attribute; `xmlns` for `xmlns:p`; `''` for a bare `xmlns`. */
  readonly prefix: string;
  readonly localName: string;
  /** `''` for an unprefixed attribute (no namespace); `XMLNS_NAMESPACE` for a declaration. */
  readonly namespaceUri: string;
  /** The normalised value: references resolved, literal white space turned into spaces (XML 1.0 §3.3.3). */
  readonly value: string;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly qname: string;
  readonly prefix: string;
  readonly localName: string;
  /** `''` when the element is in no namespace. */
  readonly namespaceUri: string;
  /** Every attribute as written, namespace declarations included, in document order. */
  readonly attributes: readonly XmlAttribute[];
  /** The namespaces in scope here (prefix → URI, `''` for the default), inherited ones included; `xml` is implicit. */
  readonly namespaces: NamespaceScope;
  readonly children: readonly XmlNode[];
  /** `undefined` for the document element. */
  readonly parent: XmlElement | undefined;
}

export interface XmlText {
  readonly kind: 'text';
  /** Character data with references resolved and line ends normalised to LF (CDATA sections are text too). */
  readonly text: string;
}

export interface XmlComment {
  readonly kind: 'comment';
  readonly text: string;
}

export type XmlNode = XmlElement | XmlText | XmlComment;

export interface XmlDocument {
  readonly root: XmlElement;
}

/** True when the attribute is a namespace declaration (`xmlns` or `xmlns:p`). */
export function isNamespaceDeclaration(attribute: XmlAttribute): boolean {
  return attribute.namespaceUri === XMLNS_NAMESPACE;
}

/** The element's child elements, in order. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.kind === 'element');
}

/** The child elements with this namespace and local name, in order. */
export function childrenNamed(element: XmlElement, namespaceUri: string, localName: string): XmlElement[] {
  return childElements(element).filter((child) => isNamed(child, namespaceUri, localName));
}

export function isNamed(element: XmlElement, namespaceUri: string, localName: string): boolean {
  return element.namespaceUri === namespaceUri && element.localName === localName;
}

/** The value of an attribute in no namespace (`ID`, `Format`, `use`), or undefined. */
export function attributeValue(element: XmlElement, localName: string, namespaceUri = ''): string | undefined {
  return element.attributes.find((a) => a.localName === localName && a.namespaceUri === namespaceUri && !isNamespaceDeclaration(a))?.value;
}

/**
 * All the text inside the element, descendants included, comments skipped: `a<!---->b` is `ab`. Reading
 * only the first text node is the 2018 comment-truncation bug (CVE-2017-11427 and kin): a signed
 * `user@evil.com<!---->.attacker.com` must not read as `user@evil.com`.
 */
export function textContent(element: XmlElement): string {
  let out = '';
  for (const child of element.children) {
    if (child.kind === 'text') out += child.text;
    else if (child.kind === 'element') out += textContent(child);
  }
  return out;
}

/**
 * Every element of the subtree, the element itself first, in document order. With a stack rather than nested
 * generators, each of which would pass every element up through every level above it.
 */
export function* descendantsAndSelf(element: XmlElement): Generator<XmlElement> {
  const pending: XmlElement[] = [element];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    yield next;
    for (let i = next.children.length - 1; i >= 0; i--) {
      const child = next.children[i];
      if (child?.kind === 'element') pending.push(child);
    }
  }
}
