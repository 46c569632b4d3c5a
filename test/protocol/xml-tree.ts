/**
 * Test-only: a tiny XML parser (elements, text, self-closing tags, the five entities and numeric
 * references; no DTDs, no CDATA) and a shape-driven reader that turns a response into values the way
 * botocore's query/ec2 parsers do, so serialised output can be compared with botocore's expected results.
 */
import type { ListShape, MapShape, MemberRef, ServiceModel, StructureShape } from '../../src/protocol/model.js';
import { isFlattened, listItemName, mapKeyName, mapValueName, responseElementName } from '../../src/protocol/wire-names.js';

interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[^?]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(xml)) !== null) {
    const top = stack[stack.length - 1]!;
    if (match[5] !== undefined) {
      top.text += decodeEntities(match[5]);
      continue;
    }
    if (match[2] === undefined) continue;
    const name = match[2].includes(':') ? match[2].split(':')[1]! : match[2];
    if (match[1] === '/') {
      if (top.name !== name) throw new Error(`mismatched </${name}> for <${top.name}>`);
      stack.pop();
      continue;
    }
    const el: XmlElement = { name, children: [], text: '' };
    top.children.push(el);
    if (match[4] !== '/') stack.push(el);
  }
  if (stack.length !== 1) throw new Error('unclosed elements');
  const [doc] = root.children;
  if (doc === undefined) throw new Error('empty document');
  return doc;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Reads `el`'s children as the members of `shape`; timestamps → epoch seconds, blobs → UTF-8 text. */
export function readStructure(model: ServiceModel, shape: StructureShape, el: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members)) {
    const target = model.shapes[ref.shape]!;
    const elementName = responseElementName(name, ref, target);
    const matches = el.children.filter((c) => c.name === elementName);
    if (matches.length === 0) continue;
    if ((target.type === 'list' || target.type === 'map') && isFlattened(ref, target)) {
      out[name] = target.type === 'list' ? matches.map((m) => readValue(model, target.member, m)) : readMapEntries(model, target, matches);
    } else {
      out[name] = readValue(model, ref, matches[0]!);
    }
  }
  return out;
}

function readMapEntries(model: ServiceModel, shape: MapShape, entries: XmlElement[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const key = child(entry, mapKeyName(shape))?.text ?? '';
    const value = child(entry, mapValueName(shape));
    if (value !== undefined) out[key] = readValue(model, shape.value, value);
  }
  return out;
}

function readValue(model: ServiceModel, ref: MemberRef, el: XmlElement): unknown {
  const shape = model.shapes[ref.shape]!;
  const text = el.text.trim();
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, el);
    case 'list': {
      const list: ListShape = shape;
      return el.children.filter((c) => c.name === listItemName(list)).map((c) => readValue(model, list.member, c));
    }
    case 'map':
      return readMapEntries(
        model,
        shape,
        el.children.filter((c) => c.name === 'entry'),
      );
    case 'string':
      return el.text;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
      return Date.parse(text) / 1000;
    case 'blob':
      return Buffer.from(text, 'base64').toString('utf8');
  }
}
