/**
 * Exclusive XML Canonicalization 1.0 without comments (http://www.w3.org/2001/10/xml-exc-c14n#) of one
 * element's subtree, optionally leaving out one descendant (the enveloped-signature transform, XML-DSig §6.6.4).
 *
 * What the specification asks, step by step (Exc-C14N §3, over Canonical XML 1.0 §2.3):
 * - a namespace declaration is written on an element only where the element or one of its attributes
 *   visibly uses the prefix (or the prefix is in the InclusiveNamespaces PrefixList), and only if the
 *   nearest written ancestor did not already write the same binding; `xmlns=""` undoes an inherited default;
 * - declarations are sorted by prefix, attributes by namespace URI then local name;
 * - `xml:*` attributes of ancestors are not carried in (unlike inclusive C14N);
 * - empty elements become start and end tag pairs; comments are left out;
 * - text escapes `&`, `<`, `>` and CR; attribute values escape `&`, `<`, `"`, TAB, LF and CR.
 */
import { NamespaceScope } from './namespace-scope.js';
import type { XmlAttribute, XmlElement } from './xml-node.js';
import { isNamespaceDeclaration } from './xml-node.js';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

interface ExcC14nOptions {
  /** Prefixes treated as in inclusive C14N (`#default` stands for the default namespace). */
  readonly inclusivePrefixes?: readonly string[];
  /** A descendant left out with its subtree (the Signature, for the enveloped-signature transform). */
  readonly exclude?: XmlElement;
}

export function excC14n(element: XmlElement, options: ExcC14nOptions = {}): string {
  const inclusive = (options.inclusivePrefixes ?? []).map((p) => (p === '#default' ? '' : p));
  const out: string[] = [];
  // At the apex nothing is written yet; an empty default namespace needs no `xmlns=""` (Exc-C14N §3 note).
  writeElement(element, NamespaceScope.root(new Map([['', '']])), inclusive, options.exclude, out);
  return out.join('');
}

function writeElement(
  element: XmlElement,
  /** What the nearest written ancestors declared: a chain, not a copy per element (namespace-scope.ts). */
  rendered: NamespaceScope,
  inclusive: readonly string[],
  exclude: XmlElement | undefined,
  out: string[],
): void {
  const attributes = element.attributes.filter((a) => !isNamespaceDeclaration(a));
  const used = new Set<string>([element.prefix]);
  for (const attribute of attributes) if (attribute.prefix !== '') used.add(attribute.prefix);
  for (const prefix of inclusive) if (prefix === '' || element.namespaces.has(prefix)) used.add(prefix);
  used.delete('xml');

  const declarations: [string, string][] = [];
  for (const prefix of used) {
    const uri = element.namespaces.get(prefix) ?? '';
    if (rendered.get(prefix) === uri) continue;
    // A prefix that is not bound has nothing to write (`#default` listed where no default is in force).
    if (prefix !== '' && uri === '') continue;
    declarations.push([prefix, uri]);
  }
  const scope = declarations.length === 0 ? rendered : rendered.with(new Map(declarations));
  declarations.sort(([a], [b]) => compare(a, b));
  attributes.sort(compareAttributes);

  out.push('<', element.qname);
  for (const [prefix, uri] of declarations) out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttribute(uri), '"');
  for (const attribute of attributes) out.push(' ', attribute.qname, '="', escapeAttribute(attribute.value), '"');
  out.push('>');
  for (const child of element.children) {
    if (child.kind === 'text') out.push(escapeText(child.text));
    else if (child.kind === 'element' && child !== exclude) writeElement(child, scope, inclusive, exclude, out);
  }
  out.push('</', element.qname, '>');
}

function compareAttributes(a: XmlAttribute, b: XmlAttribute): number {
  return compare(a.namespaceUri, b.namespaceUri) || compare(a.localName, b.localName);
}

/** Ordering by code point (Canonical XML §2.2 "lexicographic"), which UTF-16 order differs from above U+FFFF. */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&#xD;'));
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch);
}
