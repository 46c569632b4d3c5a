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

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference (its `Char` production): C0
 * controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates. An answer that echoes one (a validation
 * message quoting the parameter) writes U+FFFD in its place, so that every answer stays well-formed: a
 * client's XML parser (botocore's, the SDKs') would otherwise fail on the whole answer.
 */
const XML_INVALID = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF';
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
/** A character XML 1.0 forbids anywhere in a document (readers refuse documents that hold one). */
export const XML_FORBIDDEN = new RegExp(`[${XML_INVALID}]|${LONE_SURROGATE}`);
const NEEDS_ESCAPE = new RegExp(`[&<>"'\\r${XML_INVALID}]|${LONE_SURROGATE}`);
const ESCAPE_ALL = new RegExp(`[&<>"'\\r${XML_INVALID}]|${LONE_SURROGATE}`, 'g');

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of an XML text node: the five predefined entities and character references read back. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (ch) => XML_ESCAPES[ch] ?? '\uFFFD');
}

/**
 * As `escapeXml`, but a control character becomes a numeric character reference in lower-case hex, as S3
 * writes the keys it lists and echoes (`<Key>a&#x19;&#x7;</Key>`, recorded from AWS in minio-py#716): not
 * well-formed XML 1.0, which is why botocore lists with `encoding-type=url`; exactly what S3 answers.
 */
export function escapeXmlAsS3(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (ch) => {
    const named = XML_ESCAPES[ch];
    if (named !== undefined) return named;
    const code = ch.charCodeAt(0);
    return code < 0x20 ? `&#x${code.toString(16)};` : '\uFFFD';
  });
}

/** `<name>text</name>`, or `<name/>` for an empty string; `escape` picks the spelling of what XML forbids. */
export function element(name: string, text: string, escape: (text: string) => string = escapeXml): string {
  return text === '' ? `<${name}/>` : `<${name}>${escape(text)}</${name}>`;
}

/** `<name>children</name>` where children is already-serialised XML. */
export function wrap(name: string, children: string, attributes = ''): string {
  const open = attributes === '' ? name : `${name} ${attributes}`;
  return children === '' ? `<${open}/>` : `<${open}>${children}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
