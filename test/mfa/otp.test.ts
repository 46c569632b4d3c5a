/** HOTP/TOTP against the RFC test values, and the verification window rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hotp, totpCode, totpStep, verifyTotp } from '../../src/lib/totp.js';
import { otpVectors } from './otp-vectors.js';

const rfcSeed = Buffer.from(otpVectors.totpSha1.secretAscii, 'ascii');

describe('HOTP (RFC 4226 appendix D)', () => {
  for (const { counter, code } of otpVectors.hotp.cases) {
    it(`counter ${counter} gives ${code}`, () => {
      assert.equal(hotp(Buffer.from(otpVectors.hotp.secretAscii, 'ascii'), counter, otpVectors.hotp.digits), code);
    });
  }
});

describe('TOTP SHA-1 (RFC 6238 appendix B)', () => {
  for (const { unixSeconds, step, code } of otpVectors.totpSha1.cases) {
    const atMs = unixSeconds * 1000;
    it(`at ${unixSeconds} s the step is ${step} and the 8-digit code ${code}`, () => {
      assert.equal(totpStep(atMs), Number.parseInt(step, 16));
      assert.equal(totpCode(rfcSeed, atMs, otpVectors.totpSha1.digits), code);
    });
    it(`at ${unixSeconds} s the 6-digit code is the last six digits of ${code}`, () => {
      // binary mod 10^6 = (binary mod 10^8) mod 10^6, so the 6-digit code is the 8-digit one's tail.
      assert.equal(totpCode(rfcSeed, atMs), code.slice(-6));
    });
  }

  it('the code changes exactly at a 30-second boundary', () => {
    const boundary = 1_111_111_110_000; // a multiple of 30 s
    assert.equal(totpCode(rfcSeed, boundary - 1), totpCode(rfcSeed, boundary - 30_000));
    assert.notEqual(totpCode(rfcSeed, boundary - 1), totpCode(rfcSeed, boundary));
    assert.equal(totpCode(rfcSeed, boundary), totpCode(rfcSeed, boundary + 29_999));
  });
});

describe('verifyTotp', () => {
  const now = 1_700_000_000_000;
  const step = totpStep(now);
  const codeAt = (s: number): string => hotp(rfcSeed, s);

  it('accepts the current step and returns it', () => {
    assert.equal(verifyTotp(rfcSeed, codeAt(step), now), step);
  });

  it('accepts one step either side with the default window, not two', () => {
    assert.equal(verifyTotp(rfcSeed, codeAt(step - 1), now), step - 1);
    assert.equal(verifyTotp(rfcSeed, codeAt(step + 1), now), step + 1);
    assert.equal(verifyTotp(rfcSeed, codeAt(step - 2), now), undefined);
    assert.equal(verifyTotp(rfcSeed, codeAt(step + 2), now), undefined);
  });

  it('widens with the window parameter and narrows to the current step with 0', () => {
    assert.equal(verifyTotp(rfcSeed, codeAt(step - 2), now, 2), step - 2);
    assert.equal(verifyTotp(rfcSeed, codeAt(step - 1), now, 0), undefined);
  });

  it('refuses steps at or before afterStep (a code works once)', () => {
    assert.equal(verifyTotp(rfcSeed, codeAt(step), now, 1, { afterStep: step }), undefined);
    assert.equal(verifyTotp(rfcSeed, codeAt(step), now, 1, { afterStep: step - 1 }), step);
  });

  it('centres the window on the drift', () => {
    assert.equal(verifyTotp(rfcSeed, codeAt(step + 5), now, 1, { driftSteps: 5 }), step + 5);
    assert.equal(verifyTotp(rfcSeed, codeAt(step), now, 1, { driftSteps: 5 }), undefined);
  });

  it('rejects codes of the wrong length or with non-digits without throwing', () => {
    const good = codeAt(step);
    assert.equal(verifyTotp(rfcSeed, good.slice(1), now), undefined);
    assert.equal(verifyTotp(rfcSeed, `${good}0`, now), undefined);
    assert.equal(verifyTotp(rfcSeed, 'abcdef', now), undefined);
    assert.equal(verifyTotp(rfcSeed, '１２３４５６', now), undefined);
  });

  it('checks 8-digit codes when asked', () => {
    const eight = totpCode(rfcSeed, now, 8);
    assert.equal(verifyTotp(rfcSeed, eight, now, 1, { digits: 8 }), step);
    assert.equal(verifyTotp(rfcSeed, eight.slice(-6), now, 1, { digits: 8 }), undefined);
  });
});
