/**
 * A strict, small, namespace-aware XML reader for SAML documents. What SAML needs of XML is elements, attributes,
 * namespaces, text and comments; everything else is refused rather than half-supported: a document type
 * declaration (and with it every entity but the five predefined ones: no XXE, no entity expansion bombs),
 * processing instructions other than the XML declaration, a byte order mark, an encoding other than UTF-8,
 * undeclared prefixes, duplicate attributes. Nesting depth, node count and size are bounded.
 *
 * Line ends are normalised (XML 1.0 §2.11) and attribute values normalised as for CDATA attributes (XML 1.0 §3.3.3),
 * which is what XML-DSig's canonicalisation is defined over.
 */
import { XML_FORBIDDEN } from '../../lib/xml.js';
import { NamespaceScope } from './namespace-scope.js';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode } from './xml-node.js';
import { XML_NAMESPACE, XMLNS_NAMESPACE } from './xml-node.js';

type XmlReadResult = { readonly kind: 'ok'; readonly document: XmlDocument } | { readonly kind: 'error'; readonly problem: string };

interface XmlLimits {
  /** Characters of input. */
  readonly maxLength: number;
  readonly maxDepth: number;
  /** Elements, text runs and comments together. */
  readonly maxNodes: number;
  readonly maxAttributes: number;
}

/** Generous for SAML (a response nests about ten deep) and far below what would hurt the lab. */
const DEFAULT_LIMITS: XmlLimits = { maxLength: 10_000_000, maxDepth: 64, maxNodes: 200_000, maxAttributes: 256 };

class XmlError extends Error {}

const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
/**
 * An NCName, then optionally `:` and another: a QName (Namespaces in XML 1.0 §4). The classes are XML 1.0's
 * NameStartChar and NameChar ranges, which include combining marks and joiners on purpose.
 */
// eslint-disable-next-line no-misleading-character-class
const QNAME = new RegExp(`[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?`, 'uy');
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function readXml(input: string, limits: Partial<XmlLimits> = {}): XmlReadResult {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  if (input.length > bounds.maxLength) return { kind: 'error', problem: `the document is longer than ${bounds.maxLength} characters` };
  if (input.startsWith('\uFEFF')) return { kind: 'error', problem: 'the document starts with a byte order mark' };
  if (XML_FORBIDDEN.test(input)) return { kind: 'error', problem: 'the document contains a character XML does not allow' };
  try {
    return { kind: 'ok', document: new Reader(input.replace(/\r\n?/g, '\n'), bounds).document() };
  } catch (error) {
    if (error instanceof XmlError) return { kind: 'error', problem: error.message };
    throw error;
  }
}

class Reader {
  private pos = 0;
  private nodes = 0;

  constructor(
    private readonly text: string,
    private readonly limits: XmlLimits,
  ) {}

  document(): XmlDocument {
    if (this.text.startsWith('<?xml') && /[\s?]/.test(this.text.charAt(5))) this.declaration();
    this.misc();
    if (!this.text.startsWith('<', this.pos)) throw this.fail('expected the document element');
    const root = this.element(undefined, NamespaceScope.root(new Map([['xml', XML_NAMESPACE]])), 1);
    this.misc();
    if (this.pos < this.text.length) throw this.fail('unexpected content after the document element');
    return { root };
  }

  /** `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`: only version 1.0 and UTF-8. */
  private declaration(): void {
    const end = this.text.indexOf('?>');
    if (end < 0) throw this.fail('unterminated XML declaration');
    const body = this.text.slice(5, end);
    const match = /^\s+version\s*=\s*(["'])1\.0\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2)?(?:\s+standalone\s*=\s*(["'])(yes|no)\4)?\s*$/.exec(
      body,
    );
    if (match === null) throw this.fail('malformed XML declaration');
    const encoding = match[3];
    if (encoding !== undefined && encoding.toUpperCase() !== 'UTF-8') throw this.fail(`unsupported encoding \`${encoding}\``);
    this.pos = end + 2;
  }

  /** White space and comments around the document element; anything else there is refused. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('<!--', this.pos)) this.comment();
      else if (this.text.startsWith('<?', this.pos)) throw this.fail('processing instructions are not allowed');
      else if (this.text.startsWith('<!', this.pos)) throw this.fail('document type declarations are not allowed');
      else return;
    }
  }

  private element(parent: XmlElement | undefined, inherited: NamespaceScope, depth: number): XmlElement {
    if (depth > this.limits.maxDepth) throw this.fail(`elements nest deeper than ${this.limits.maxDepth}`);
    this.count();
    this.pos += 1; // '<'
    const qname = this.name();
    const raw: { qname: string; value: string }[] = [];
    // Sets, not scans of what came before: 256 attributes on each of many elements must not cost their square.
    let qnames: Set<string> | undefined;
    let selfClosing = false;
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.text.startsWith('/>', this.pos)) {
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (this.text.startsWith('>', this.pos)) {
        this.pos += 1;
        break;
      }
      if (!hadSpace) throw this.fail(`expected white space, \`>\` or \`/>\` in \`${qname}\``);
      const name = this.name();
      this.skipSpace();
      if (this.text.charAt(this.pos) !== '=') throw this.fail(`expected \`=\` after attribute \`${name}\``);
      this.pos += 1;
      this.skipSpace();
      qnames ??= new Set();
      if (qnames.has(name)) throw this.fail(`attribute \`${name}\` appears twice`);
      qnames.add(name);
      raw.push({ qname: name, value: this.attributeValue() });
      if (raw.length > this.limits.maxAttributes) throw this.fail(`more than ${this.limits.maxAttributes} attributes`);
    }
    const namespaces = raw.length === 0 ? inherited : declareNamespaces(raw, inherited, (message) => this.fail(message));
    const attributes = raw.map((a) => resolveAttribute(a.qname, a.value, namespaces, (message) => this.fail(message)));
    if (attributes.length > 1) {
      const expandedNames = new Set<string>();
      for (const a of attributes) {
        if (a.namespaceUri === XMLNS_NAMESPACE) continue;
        // A space cannot be part of a local name: the key is unambiguous.
        const expanded = `${a.localName} ${a.namespaceUri}`;
        if (expandedNames.has(expanded)) throw this.fail(`attribute \`{${a.namespaceUri}}${a.localName}\` appears twice`);
        expandedNames.add(expanded);
      }
    }
    const { prefix, localName } = splitQname(qname);
    const namespaceUri = namespaces.get(prefix) ?? '';
    if (prefix !== '' && namespaceUri === '') throw this.fail(`undeclared prefix \`${prefix}\``);
    const children: XmlNode[] = [];
    const element: XmlElement = { kind: 'element', qname, prefix, localName, namespaceUri, attributes, namespaces, children, parent };
    if (!selfClosing) this.content(element, children, depth);
    return element;
  }

  private content(element: XmlElement, children: XmlNode[], depth: number): void {
    const addText = (text: string): void => {
      if (text === '') return;
      const last = children.at(-1);
      if (last?.kind === 'text') children[children.length - 1] = { kind: 'text', text: last.text + text };
      else {
        this.count();
        children.push({ kind: 'text', text });
      }
    };
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) throw this.fail(`\`${element.qname}\` is not closed`);
      const run = this.text.slice(this.pos, lt);
      if (run.includes(']]>')) throw this.fail('`]]>` is not allowed in text');
      addText(this.references(run));
      this.pos = lt;
      if (this.text.startsWith('</', this.pos)) {
        this.pos += 2;
        const name = this.name();
        if (name !== element.qname) throw this.fail(`\`</${name}>\` closes \`<${element.qname}>\``);
        this.skipSpace();
        if (this.text.charAt(this.pos) !== '>') throw this.fail(`expected \`>\` after \`</${name}\``);
        this.pos += 1;
        return;
      }
      if (this.text.startsWith('<!--', this.pos)) children.push(this.comment());
      else if (this.text.startsWith('<![CDATA[', this.pos)) {
        const end = this.text.indexOf(']]>', this.pos + 9);
        if (end < 0) throw this.fail('unterminated CDATA section');
        addText(this.text.slice(this.pos + 9, end));
        this.pos = end + 3;
      } else if (this.text.startsWith('<?', this.pos)) throw this.fail('processing instructions are not allowed');
      else if (this.text.startsWith('<!', this.pos)) throw this.fail('markup declarations are not allowed');
      else children.push(this.element(element, element.namespaces, depth + 1));
    }
  }

  private comment(): { kind: 'comment'; text: string } {
    const end = this.text.indexOf('-->', this.pos + 4);
    if (end < 0) throw this.fail('unterminated comment');
    const text = this.text.slice(this.pos + 4, end);
    if (text.includes('--') || text.endsWith('-')) throw this.fail('`--` is not allowed in a comment');
    this.pos = end + 3;
    this.count();
    return { kind: 'comment', text };
  }

  /** A quoted value: references resolved, literal white space made spaces (XML 1.0 §3.3.3), `<` refused. */
  private attributeValue(): string {
    const quote = this.text.charAt(this.pos);
    if (quote !== '"' && quote !== "'") throw this.fail('expected a quoted attribute value');
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) throw this.fail('unterminated attribute value');
    const literal = this.text.slice(this.pos + 1, end);
    if (literal.includes('<')) throw this.fail('`<` is not allowed in an attribute value');
    this.pos = end + 1;
    return this.references(literal.replace(/[\t\n]/g, ' '));
  }

  /** Character and predefined entity references; any other `&` is an error (there are no other entities). */
  private references(text: string): string {
    if (!text.includes('&')) return text;
    return text.replace(/&([^;&<]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) throw this.fail('`&` must start a reference');
      const named = PREDEFINED[ref];
      if (named !== undefined) return named;
      const match = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (match === null) throw this.fail(`undefined entity \`&${ref};\``);
      const code = match[1] !== undefined ? Number.parseInt(match[1], 16) : Number.parseInt(match[2] ?? '', 10);
      const char = code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
      if (char === '' || XML_FORBIDDEN.test(char)) throw this.fail(`character reference \`&${ref};\` names a character XML does not allow`);
      return char;
    });
  }

  private name(): string {
    QNAME.lastIndex = this.pos;
    const match = QNAME.exec(this.text);
    if (match === null) throw this.fail('expected a name');
    this.pos += match[0].length;
    if (this.text.charAt(this.pos) === ':') throw this.fail(`\`${match[0]}:\` is not a qualified name`);
    return match[0];
  }

  /** Skips XML white space; true when there was some. */
  private skipSpace(): boolean {
    const start = this.pos;
    while (/[ \t\n]/.test(this.text.charAt(this.pos))) this.pos += 1;
    return this.pos > start;
  }

  private count(): void {
    this.nodes += 1;
    if (this.nodes > this.limits.maxNodes) throw this.fail(`more than ${this.limits.maxNodes} nodes`);
  }

  private fail(message: string): XmlError {
    const line = this.text.slice(0, this.pos).split('\n').length;
    return new XmlError(`${message} (line ${line})`);
  }
}

function splitQname(qname: string): { prefix: string; localName: string } {
  const colon = qname.indexOf(':');
  return colon < 0 ? { prefix: '', localName: qname } : { prefix: qname.slice(0, colon), localName: qname.slice(colon + 1) };
}

/** The namespaces in scope for an element: the inherited ones plus its declarations (Namespaces in XML 1.0 §3). */
function declareNamespaces(
  raw: readonly { qname: string; value: string }[],
  inherited: NamespaceScope,
  fail: (message: string) => XmlError,
): NamespaceScope {
  let declarations: Map<string, string> | undefined;
  for (const { qname, value } of raw) {
    const { prefix, localName } = splitQname(qname);
    const declared = qname === 'xmlns' ? '' : prefix === 'xmlns' ? localName : undefined;
    if (declared === undefined) continue;
    if (declared === 'xmlns') throw fail('the prefix `xmlns` cannot be declared');
    if (declared === 'xml' ? value !== XML_NAMESPACE : value === XML_NAMESPACE) throw fail('the `xml` prefix and its namespace go only together');
    if (value === XMLNS_NAMESPACE) throw fail('the xmlns namespace cannot be declared');
    if (declared !== '' && value === '') throw fail(`the prefix \`${declared}\` cannot be undeclared`);
    declarations ??= new Map();
    declarations.set(declared, value);
  }
  return declarations === undefined ? inherited : inherited.with(declarations);
}

function resolveAttribute(qname: string, value: string, namespaces: NamespaceScope, fail: (message: string) => XmlError): XmlAttribute {
  const { prefix, localName } = splitQname(qname);
  if (qname === 'xmlns' || prefix === 'xmlns') return { qname, prefix, localName, namespaceUri: XMLNS_NAMESPACE, value };
  if (prefix === '') return { qname, prefix, localName, namespaceUri: '', value };
  const namespaceUri = namespaces.get(prefix);
  if (namespaceUri === undefined || namespaceUri === '') throw fail(`undeclared prefix \`${prefix}\``);
  return { qname, prefix, localName, namespaceUri, value };
}
