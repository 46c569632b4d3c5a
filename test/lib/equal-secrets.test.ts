/** secretsEqual is string equality, for any strings: pinned to `===` over seeded random pairs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/ids/id-source.js';
import { secretsEqual } from '../../src/lib/equal-secrets.js';

describe('secretsEqual', () => {
  it('agrees with === on random strings, on near misses, and where latin1 would collide', () => {
    const random = seededRandom('equal-secrets');
    const text = (length: number): string => {
      const bytes = random(length * 2);
      let out = '';
      for (let i = 0; i < length; i++) {
        const pick = (bytes[2 * i] as number) % 4;
        const b = bytes[2 * i + 1] as number;
        out += pick === 0 ? '0123456789abcdef'[b % 16] : pick === 1 ? String.fromCharCode(b) : pick === 2 ? String.fromCharCode(0x100 + b) : '😀';
      }
      return out;
    };
    for (let i = 0; i < 2000; i++) {
      const a = text(i % 70);
      const variants = [a, text(i % 70), a.slice(1), `${a}x`, a.replace(/.$/u, 'y')];
      for (const b of variants) assert.equal(secretsEqual(a, b), a === b, JSON.stringify([a, b]));
    }
    // One byte of U+0161 is 0x61 ('a'): equal under latin1, unequal here.
    assert.equal(secretsEqual('\u0161', 'a'), false);
    assert.equal(secretsEqual('', ''), true);
  });
});
