/**
 * The MFA code pool of the CPU benchmark (bench/mfa-codes.ts): each code it hands out is one the lab accepts
 * once (a step within one of now, above the device's last accepted step, aws-behaviour.md §1.7), devices take
 * turns, and near a step's end the oldest step is held back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MfaCodePool } from '../../bench/mfa-codes.js';
import type { PoolDevice } from '../../bench/mfa-codes.js';
import { hotp, TOTP_STEP_MS } from '../../src/lib/totp.js';

const STEP = 56_666_667;
/** 10 s into STEP. */
const NOW = STEP * TOTP_STEP_MS + 10_000;

function device(name: string, lastUsedStep: number): PoolDevice {
  return {
    serialNumber: `arn:aws:iam::123456789012:mfa/${name}`,
    seed: Buffer.from(name.padEnd(20, '#')),
    user: { accessKeyId: 'AKIA', secretAccessKey: 's' },
    lastUsedStep,
  };
}

describe('MFA code pool', () => {
  test('hands out each usable step once, oldest first, the devices in turn', () => {
    const a = device('a', STEP - 1);
    const b = device('b', STEP - 5);
    const pool = new MfaCodePool([a, b]);
    assert.equal(pool.available(NOW), 2 + 3);
    const taken = Array.from({ length: 5 }, () => pool.take(NOW));
    assert.deepEqual(
      taken.map((t) => [t?.device.serialNumber.slice(-1), t?.code]),
      [
        ['a', hotp(a.seed, STEP)],
        ['b', hotp(b.seed, STEP - 1)],
        ['a', hotp(a.seed, STEP + 1)],
        ['b', hotp(b.seed, STEP)],
        ['b', hotp(b.seed, STEP + 1)],
      ],
    );
    assert.equal(pool.take(NOW), undefined);
    assert.equal(pool.available(NOW), 0);
    // The next step brings one more code per device.
    assert.equal(pool.available(NOW + TOTP_STEP_MS), 2);
  });

  test('in the last two seconds of a step the previous step is not offered', () => {
    const late = STEP * TOTP_STEP_MS + TOTP_STEP_MS - 1_000;
    const pool = new MfaCodePool([device('c', STEP - 3)]);
    assert.equal(pool.available(late), 2);
    assert.equal(pool.take(late)?.code, hotp(Buffer.from('c'.padEnd(20, '#')), STEP));
  });
});
