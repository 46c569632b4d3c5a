import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { uriEncode } from '../../src/lib/encoding.js';

/** RFC 3986's rule written out character by character: the reference the fast version must match. */
function referenceEncode(value: string, encodeSlash: boolean): string {
  let out = '';
  for (const ch of value) {
    if (/^[A-Za-z0-9\-_.~]$/.test(ch) || (!encodeSlash && ch === '/')) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

describe('uriEncode', () => {
  it('encodes what RFC 3986 reserves, spaces as %20, and keeps the unreserved', () => {
    assert.equal(uriEncode(`{"a": "b/c"} !'()*~-_.`), '%7B%22a%22%3A%20%22b%2Fc%22%7D%20%21%27%28%29%2A~-_.');
    assert.equal(uriEncode('a/b c', false), 'a/b%20c');
    assert.equal(uriEncode('é€😀'), '%C3%A9%E2%82%AC%F0%9F%98%80');
  });

  it('writes a lone surrogate as UTF-8 does (U+FFFD) instead of throwing', () => {
    assert.equal(uriEncode('a\uD800b\uDC00'), 'a%EF%BF%BDb%EF%BF%BD');
  });

  it('matches the character-by-character rule on any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.boolean(),
        (value, encodeSlash) => uriEncode(value, encodeSlash) === referenceEncode(value, encodeSlash),
      ),
      { numRuns: 2000 },
    );
  });
});
