/** Base32 (RFC 4648 §6) against the RFC's vectors, plus round trips and rejection of bad text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base32Decode, base32Encode } from '../../src/lib/base32.js';
import { otpVectors } from './otp-vectors.js';

describe('base32', () => {
  for (const { text, encoded } of otpVectors.base32.cases) {
    it(`encodes "${text}" as "${encoded}" and decodes it back`, () => {
      assert.equal(base32Encode(Buffer.from(text, 'ascii')), encoded);
      assert.equal(base32Decode(encoded)?.toString('ascii'), text);
    });
    it(`decodes "${encoded}" without its padding`, () => {
      assert.equal(base32Decode(encoded.replace(/=+$/, ''))?.toString('ascii'), text);
    });
  }

  it('omits padding when asked', () => {
    assert.equal(base32Encode(Buffer.from('foobar'), { padding: false }), 'MZXW6YTBOI');
  });

  it('decodes lower case like upper case', () => {
    assert.equal(base32Decode('mzxw6ytboi')?.toString('ascii'), 'foobar');
  });

  it('decodes the seed shown in aws-behaviour.md §2.5 to 20 bytes', () => {
    assert.equal(base32Decode('JBSWR3GQGINHSIZZN4KA7D3XUQFBKJKC')?.length, 20);
  });

  it('round-trips any bytes, with and without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const padded = base32Encode(bytes);
        assert.equal(padded.length % 8, 0);
        assert.deepEqual(base32Decode(padded), Buffer.from(bytes));
        assert.deepEqual(base32Decode(base32Encode(bytes, { padding: false })), Buffer.from(bytes));
      }),
    );
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    assert.equal(base32Decode('MZXW1YTB'), undefined); // '1' is not base32
    assert.equal(base32Decode('MZ=W6YTB'), undefined); // padding in the middle
    assert.equal(base32Decode('M'), undefined); // 5 bits cannot end a byte
    assert.equal(base32Decode('MZX'), undefined);
    assert.equal(base32Decode('MZXW6Y'), undefined);
  });
});
