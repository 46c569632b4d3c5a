/**
 * A small, safe XML reader for request payloads (CreateBucketConfiguration, Delete, CompleteMultipartUpload).
 * It accepts elements, attributes, text, CDATA, comments and processing instructions; it refuses DTDs (so no
 * entity can be declared or expanded), knows only the five predefined entities and character references,
 * and bounds document size and nesting depth. Every failure is S3's `MalformedXML` (aws-behaviour.md §5.5),
 * returned as a value: a client's bad XML is not an exception.
 */
import type { AwsError } from '../../errors/aws-error.js';
import { s3ProtocolErrors } from './s3-protocol-errors.js';
import { XML_FORBIDDEN } from '../../lib/xml.js';

export interface XmlNode {
  /** Local name (any `prefix:` removed): S3 accepts its elements with or without a namespace prefix. */
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  /** Concatenated character data directly inside this element. */
  readonly text: string;
}

export interface XmlLimits {
  /** Characters; S3 caps DeleteObjects at 1000 keys of ≤1024 bytes, so 4 MiB leaves ample room. */
  readonly maxLength: number;
  readonly maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxLength: 4 * 1024 * 1024, maxDepth: 32 };

type ReadXmlResult = { readonly kind: 'ok'; readonly root: XmlNode } | { readonly kind: 'error'; readonly error: AwsError };

interface MutableNode {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly children: MutableNode[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.:-]*';
const OPEN_TAG = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const CLOSE_TAG = new RegExp(`^</(${NAME})\\s*>`);
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class Malformed extends Error {}

export function readXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): ReadXmlResult {
  // A character XML 1.0 forbids, raw, is not well-formed: MalformedXML ([O]: riak_cs#974 records AWS's answer).
  if (text.length > limits.maxLength || XML_FORBIDDEN.test(text)) return { kind: 'error', error: s3ProtocolErrors.malformedXml() };
  try {
    return { kind: 'ok', root: freeze(parseDocument(text, limits.maxDepth)) };
  } catch (e) {
    if (e instanceof Malformed) return { kind: 'error', error: s3ProtocolErrors.malformedXml() };
    throw e;
  }
}

function parseDocument(text: string, maxDepth: number): MutableNode {
  const stack: MutableNode[] = [];
  let root: MutableNode | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt === -1 ? text.length : lt);
    if (chunk !== '') appendText(stack, chunk, true);
    if (lt === -1) break;
    i = lt;
    const rest = text.slice(i, i + 9);
    if (rest.startsWith('<?')) i = skipPast(text, i, '?>');
    else if (rest.startsWith('<!--')) i = skipPast(text, i, '-->');
    else if (rest.startsWith('<![CDATA[')) {
      const end = text.indexOf(']]>', i);
      if (end === -1 || stack.length === 0) throw new Malformed();
      appendText(stack, text.slice(i + 9, end), false);
      i = end + 3;
    } else if (rest.startsWith('<!')) {
      throw new Malformed(); // DOCTYPE and other declarations: refused, so no entity can be defined.
    } else if (rest.startsWith('</')) {
      const m = CLOSE_TAG.exec(text.slice(i, i + 1024));
      const top = stack.pop();
      if (m === null || top === undefined || localName(m[1]!) !== top.name) throw new Malformed();
      i += m[0].length;
    } else {
      const m = OPEN_TAG.exec(text.slice(i, text.indexOf('>', i) + 1));
      if (m === null) throw new Malformed();
      if (stack.length === 0 && root !== undefined) throw new Malformed(); // a second root element
      if (stack.length >= maxDepth) throw new Malformed();
      const node: MutableNode = { name: localName(m[1]!), attributes: readAttributes(m[2] ?? ''), children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent === undefined) root = node;
      else parent.children.push(node);
      if (m[3] !== '/') stack.push(node);
      i += m[0].length;
    }
  }
  if (root === undefined || stack.length !== 0) throw new Malformed();
  return root;
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  if (end === -1) throw new Malformed();
  return end + terminator.length;
}

/** Character data outside the root must be whitespace; inside, entities are decoded (not in CDATA). */
function appendText(stack: MutableNode[], raw: string, decode: boolean): void {
  const top = stack[stack.length - 1];
  if (top === undefined) {
    if (raw.trim() !== '') throw new Malformed();
    return;
  }
  top.text += decode ? decodeEntities(raw) : raw;
}

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]{0,10});|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Malformed();
    if (ref.startsWith('#x') || ref.startsWith('#X')) return codePoint(ref.slice(2), 16);
    if (ref.startsWith('#')) return codePoint(ref.slice(1), 10);
    const entity = ENTITIES[ref];
    if (entity === undefined) throw new Malformed(); // only the five predefined entities exist without a DTD
    return entity;
  });
}

function codePoint(digits: string, radix: 10 | 16): string {
  const valid = radix === 16 ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/;
  if (!valid.test(digits)) throw new Malformed();
  const cp = parseInt(digits, radix);
  // XML 1.0 Char production: no NUL or other C0 controls but tab, LF and CR; no surrogates.
  const allowed =
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  if (!allowed) throw new Malformed();
  return String.fromCodePoint(cp);
}

function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1]!;
    if (attributes.has(name)) throw new Malformed();
    attributes.set(name, decodeEntities(m[2] ?? m[3] ?? ''));
  }
  return attributes;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function freeze(node: MutableNode): XmlNode {
  return { name: node.name, attributes: node.attributes, children: node.children.map(freeze), text: node.text };
}

/** The first child element called `name`. */
export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
