import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { deriveTemporarySecret, openToken, sealToken } from '../../src/auth/sealed-token.js';

const key = Buffer.alloc(32, 7);
const iv = Buffer.alloc(12, 1);

describe('sealed session tokens', () => {
  it('round-trips the claims and looks like an STS token', () => {
    const claims = { akid: 'ASIAEXAMPLE', role: 'arn:aws:iam::123456789012:role/r', exp: 1_700_000_000_000 };
    const token = sealToken(key, claims, iv);
    assert.match(token, /^IQoJb3JpZ2luX2Vj[A-Za-z0-9+/=]+$/);
    assert.deepEqual(openToken(key, token), claims);
  });

  it('rejects a token sealed under another key', () => {
    const token = sealToken(key, { a: 1 }, iv);
    assert.equal(openToken(Buffer.alloc(32, 8), token), undefined);
  });

  it('rejects every single-character change', () => {
    const token = sealToken(key, { akid: 'ASIA1', n: 42 }, randomBytes(12));
    for (let i = 16; i < token.length - 2; i += 3) {
      const ch = token[i] === 'A' ? 'B' : 'A';
      const tampered = token.slice(0, i) + ch + token.slice(i + 1);
      assert.equal(openToken(key, tampered), undefined, `change at ${i}`);
    }
  });

  it('rejects garbage without throwing', () => {
    for (const garbage of ['', 'IQoJb3JpZ2luX2Vj', 'IQoJb3JpZ2luX2Vj!!!', 'FwoGZXIvYXdz', 'IQoJb3JpZ2luX2VjAAAA', 'x'.repeat(5000)]) {
      assert.equal(openToken(key, garbage), undefined);
    }
  });

  it('derives a stable 40-character secret per key id', () => {
    const secret = deriveTemporarySecret(key, 'ASIAAAAAAAAAAAAAAAAA');
    assert.equal(secret.length, 40);
    assert.match(secret, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(deriveTemporarySecret(key, 'ASIAAAAAAAAAAAAAAAAA'), secret);
    assert.notEqual(deriveTemporarySecret(key, 'ASIAAAAAAAAAAAAAAAAB'), secret);
    assert.notEqual(deriveTemporarySecret(Buffer.alloc(32, 9), 'ASIAAAAAAAAAAAAAAAAA'), secret);
  });
});
