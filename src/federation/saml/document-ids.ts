/**
 * The elements of a document by their ID. Every `ID`, `Id`, `id` and `xml:id` attribute counts (SAML names it `ID`,
 * XML-DSig's Object and others `Id`), and a value held twice makes the document unusable: with duplicate IDs
 * "the element a Reference names" is ambiguous, which is what signature-wrapping attacks feed on
 * (Somorovsky et al., "On Breaking SAML", 2012, §5).
 */
import type { XmlElement } from './xml-node.js';
import { descendantsAndSelf, XML_NAMESPACE } from './xml-node.js';

const ID_NAMES = new Set(['ID', 'Id', 'id']);

export type DocumentIds =
  { readonly kind: 'ok'; readonly ids: ReadonlyMap<string, XmlElement> } | { readonly kind: 'error'; readonly problem: string };

export function documentIds(root: XmlElement): DocumentIds {
  const ids = new Map<string, XmlElement>();
  for (const element of descendantsAndSelf(root)) {
    for (const attribute of element.attributes) {
      const isId =
        attribute.namespaceUri === '' ? ID_NAMES.has(attribute.localName) : attribute.namespaceUri === XML_NAMESPACE && attribute.localName === 'id';
      if (!isId) continue;
      if (ids.has(attribute.value)) return { kind: 'error', problem: `the ID \`${attribute.value}\` appears more than once` };
      ids.set(attribute.value, element);
    }
  }
  return { kind: 'ok', ids };
}

/** The document element above any element. */
export function documentRoot(element: XmlElement): XmlElement {
  let top = element;
  while (top.parent !== undefined) top = top.parent;
  return top;
}
