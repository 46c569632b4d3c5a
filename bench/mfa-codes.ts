/**
 * One-time MFA codes for a load of sts:AssumeRole with `SerialNumber` + `TokenCode`. A virtual device's TOTP code
 * works once, on AWS and in the lab (aws-behaviour.md §1.7; src/services/mfa/check-codes.ts: one 30 s step
 * either side of now is accepted, and never a step at or below the device's last accepted one). A signed request
 * cannot be replayed as the other loads are, and one device yields at most three codes at a time, then one per
 * 30 s. So the load spreads over a pool of devices: each request carries the next unused step of the next device
 * in turn (round robin, so two codes of one device are a whole pool apart and never overtake each other among
 * the requests in flight), signed as it is sent.
 */
import { SigningKeyCache, sha256Hex, signRequest } from '../src/auth/sigv4/index.js';
import { hotp, TOTP_STEP_MS, totpStep } from '../src/lib/totp.js';
import type { LoadRequest } from './load.js';

/** Within this much of a step's end a request may arrive in the next step: the oldest step is not offered then. */
const STEP_END_GUARD_MS = 2_000;

export interface PoolDevice {
  readonly serialNumber: string;
  readonly seed: Uint8Array;
  /** The user the device is enabled for (the caller of AssumeRole must be its user). */
  readonly user: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The newest step the lab accepted (or will have accepted, once the requests sent are answered). */
  lastUsedStep: number;
}

interface Taken {
  readonly device: PoolDevice;
  readonly code: string;
}

export class MfaCodePool {
  readonly #devices: readonly PoolDevice[];
  #next = 0;

  constructor(devices: readonly PoolDevice[]) {
    this.#devices = devices;
  }

  get size(): number {
    return this.#devices.length;
  }

  /** A device to build a request of the usual size with (its code is not taken). */
  sample(): PoolDevice {
    const device = this.#devices[0];
    if (device === undefined) throw new Error('the MFA pool is empty');
    return device;
  }

  /** Codes usable at `wallMs`, the guarded window: [now − 1 (now near a step's end), now + 1], above each last used step. */
  available(wallMs: number): number {
    const [low, high] = window(wallMs);
    return this.#devices.reduce((sum, device) => sum + Math.max(0, high - Math.max(low, device.lastUsedStep + 1) + 1), 0);
  }

  /** The next device in turn that has a usable step, and the code of its oldest usable step; undefined when none has. */
  take(wallMs: number): Taken | undefined {
    const [low, high] = window(wallMs);
    for (let tried = 0; tried < this.#devices.length; tried++) {
      const index = (this.#next + tried) % this.#devices.length;
      const device = this.#devices[index] as PoolDevice;
      const step = Math.max(low, device.lastUsedStep + 1);
      if (step > high) continue;
      device.lastUsedStep = step;
      this.#next = (index + 1) % this.#devices.length;
      return { device, code: hotp(device.seed, step) };
    }
    return undefined;
  }
}

function window(wallMs: number): readonly [number, number] {
  const now = totpStep(wallMs);
  const nearEnd = wallMs % TOTP_STEP_MS >= TOTP_STEP_MS - STEP_END_GUARD_MS;
  return [nearEnd ? now : now - 1, now + 1];
}

const keyCache = new SigningKeyCache();

/** AssumeRole with an MFA code, as the SDKs send it: a form POST, header SigV4 signed now by the device's user. */
export function mfaAssumeRoleRequest(url: string, roleArn: string, device: Pick<PoolDevice, 'serialNumber' | 'user'>, code: string): LoadRequest {
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'bench',
    SerialNumber: device.serialNumber,
    TokenCode: code,
  }).toString();
  const signed = signRequest({
    request: {
      method: 'POST',
      rawTarget: '/',
      headers: [
        ['host', new URL(url).host],
        ['content-type', 'application/x-www-form-urlencoded; charset=utf-8'],
      ],
    },
    accessKeyId: device.user.accessKeyId,
    secretAccessKey: device.user.secretAccessKey,
    region: 'us-east-1',
    service: 'sts',
    signedAtMs: Date.now(),
    payloadHash: sha256Hex(body),
    keyCache,
  });
  return { method: 'POST', path: '/', headers: Object.fromEntries(signed.headers), body };
}
