/**
 * A strict RFC 8259 JSON reader for policy documents. `JSON.parse` is not enough here because:
 * - numbers must keep their literal text: a condition value written as `12345678901234567890` or `1.50` is
 *   compared as the string the author wrote (aws-behaviour.md §7.3), not as a rounded double;
 * - IAM accepts repeated keys and silently keeps the last one (the "squashed duplicates" that
 *   terraform-provider-aws#33026 warns about), and we want to report them as warnings;
 * - object keys such as `__proto__` must stay plain data, so objects are `Map`s.
 * Nesting is capped so that hostile input cannot exhaust the stack; a policy never nests deeper than 6.
 */
export type JsonValue =
  | { readonly t: 'null' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'num'; readonly raw: string }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'arr'; readonly items: readonly JsonValue[] }
  | { readonly t: 'obj'; readonly entries: ReadonlyMap<string, JsonValue> };

type JsonParseOutcome =
  { readonly kind: 'ok'; readonly value: JsonValue; readonly duplicateKeys: readonly string[] } | { readonly kind: 'error'; readonly reason: string };

const MAX_JSON_DEPTH = 64;

class JsonSyntaxError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

export function parseJson(text: string): JsonParseOutcome {
  const reader = new Reader(text);
  try {
    const value = reader.document();
    return { kind: 'ok', value, duplicateKeys: reader.duplicates };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { kind: 'error', reason: error.message };
    throw error;
  }
}

class Reader {
  #pos = 0;
  readonly duplicates: string[] = [];

  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  document(): JsonValue {
    const value = this.#value(0, '$');
    this.#skipWhitespace();
    if (this.#pos !== this.#text.length) this.#fail('unexpected text after the JSON value');
    return value;
  }

  #fail(reason: string): never {
    throw new JsonSyntaxError(`${reason} at offset ${this.#pos}`);
  }

  #skipWhitespace(): void {
    while (this.#pos < this.#text.length && WHITESPACE.has(this.#text[this.#pos] ?? '')) this.#pos += 1;
  }

  #value(depth: number, path: string): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.#fail('nesting too deep');
    this.#skipWhitespace();
    const c = this.#text[this.#pos];
    switch (c) {
      case '{':
        return this.#object(depth, path);
      case '[':
        return this.#array(depth, path);
      case '"':
        return { t: 'str', v: this.#string() };
      case 't':
        return this.#literal('true', { t: 'bool', v: true });
      case 'f':
        return this.#literal('false', { t: 'bool', v: false });
      case 'n':
        return this.#literal('null', { t: 'null' });
      default:
        return this.#number();
    }
  }

  #literal(word: string, value: JsonValue): JsonValue {
    if (!this.#text.startsWith(word, this.#pos)) this.#fail('invalid literal');
    this.#pos += word.length;
    return value;
  }

  #number(): JsonValue {
    NUMBER.lastIndex = this.#pos;
    const match = NUMBER.exec(this.#text);
    if (match === null) this.#fail('unexpected character');
    this.#pos += match[0].length;
    return { t: 'num', raw: match[0] };
  }

  #string(): string {
    this.#pos += 1; // opening quote
    let out = '';
    for (;;) {
      const c = this.#text[this.#pos];
      if (c === undefined) this.#fail('unterminated string');
      if (c === '"') {
        this.#pos += 1;
        return out;
      }
      if (c === '\\') {
        out += this.#escape();
        continue;
      }
      if (c < ' ') this.#fail('control character in string');
      out += c;
      this.#pos += 1;
    }
  }

  #escape(): string {
    const e = this.#text[this.#pos + 1];
    if (e === 'u') {
      const hex = this.#text.slice(this.#pos + 2, this.#pos + 6);
      if (!HEX4.test(hex)) this.#fail('invalid unicode escape');
      this.#pos += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const decoded = e === undefined ? undefined : ESCAPES[e];
    if (decoded === undefined) this.#fail('invalid escape');
    this.#pos += 2;
    return decoded;
  }

  #array(depth: number, path: string): JsonValue {
    this.#pos += 1;
    const items: JsonValue[] = [];
    this.#skipWhitespace();
    if (this.#text[this.#pos] === ']') {
      this.#pos += 1;
      return { t: 'arr', items };
    }
    for (;;) {
      items.push(this.#value(depth + 1, `${path}[${items.length}]`));
      this.#skipWhitespace();
      const c = this.#text[this.#pos];
      this.#pos += 1;
      if (c === ']') return { t: 'arr', items };
      if (c !== ',') this.#fail('expected , or ]');
    }
  }

  #object(depth: number, path: string): JsonValue {
    this.#pos += 1;
    const entries = new Map<string, JsonValue>();
    this.#skipWhitespace();
    if (this.#text[this.#pos] === '}') {
      this.#pos += 1;
      return { t: 'obj', entries };
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.#text[this.#pos] !== '"') this.#fail('expected a key');
      const key = this.#string();
      this.#skipWhitespace();
      if (this.#text[this.#pos] !== ':') this.#fail('expected :');
      this.#pos += 1;
      const childPath = `${path}.${key}`;
      const value = this.#value(depth + 1, childPath);
      // The last occurrence wins, as IAM does; the key keeps its first position.
      if (entries.has(key)) this.duplicates.push(childPath);
      entries.set(key, value);
      this.#skipWhitespace();
      const c = this.#text[this.#pos];
      this.#pos += 1;
      if (c === '}') return { t: 'obj', entries };
      if (c !== ',') this.#fail('expected , or }');
    }
  }
}
