/**
 * A tiny XML writer. AWS responses are small and flat enough that building strings is both the fastest
 * and the clearest way to produce them; every text node and attribute goes through `escapeXml`.
 */
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

const NEEDS_ESCAPE = /[&<>"'\r]/;
const ESCAPE_ALL = /[&<>"'\r]/g;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** `<name>text</name>`, or `<name/>` for an empty string. */
export function element(name: string, text: string): string {
  return text === '' ? `<${name}/>` : `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<name>children</name>` where children is already-serialised XML. */
export function wrap(name: string, children: string, attributes = ''): string {
  const open = attributes === '' ? name : `${name} ${attributes}`;
  return children === '' ? `<${open}/>` : `<${open}>${children}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
