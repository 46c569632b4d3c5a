/**
 * A virtual MFA device as iamlab keeps it (aws-behaviour.md §2.5), and its stored JSON form. The seed is
 * stored as base32 text, the form IAM hands out anyway.
 */
import { base32Decode, base32Encode } from '../../lib/base32.js';
import { InternalError } from '../../errors/aws-error.js';
import type { Json } from '../../store/port.js';

export interface MfaTag {
  readonly key: string;
  readonly value: string;
}

/** The IAM user a device is enabled for, as it was when EnableMFADevice ran. */
export interface MfaAssignment {
  readonly userName: string;
  readonly userArn: string;
  readonly userId: string;
  /** Virtual epoch ms. */
  readonly enableDateMs: number;
}

export interface MfaDevice {
  readonly account: string;
  /** `arn:aws:iam::ACCT:mfa/<path><name>`; the device's identity. */
  readonly serialNumber: string;
  readonly path: string;
  readonly name: string;
  /** The TOTP secret: 20 random bytes (RFC 4226 §4 recommends 160 bits). */
  readonly seed: Buffer;
  readonly tags: readonly MfaTag[];
  /** Virtual epoch ms. */
  readonly createDateMs: number;
  readonly assignment: MfaAssignment | undefined;
  /**
   * The newest TOTP step accepted from this device (EnableMFADevice, ResyncMFADevice, STS); codes of this
   * step or older are refused, so each code works once (aws-behaviour.md §1.7).
   */
  readonly lastUsedStep: number | undefined;
  /** Steps the device's clock runs ahead (+) or behind (−), learnt by ResyncMFADevice. */
  readonly driftSteps: number;
}

export function deviceToJson(device: MfaDevice): Json {
  return {
    account: device.account,
    serialNumber: device.serialNumber,
    path: device.path,
    name: device.name,
    seed: base32Encode(device.seed, { padding: false }),
    tags: device.tags.map((tag) => ({ key: tag.key, value: tag.value })),
    createDateMs: device.createDateMs,
    assignment: device.assignment === undefined ? null : { ...device.assignment },
    lastUsedStep: device.lastUsedStep ?? null,
    driftSteps: device.driftSteps,
  };
}

interface StoredDevice {
  readonly account: string;
  readonly serialNumber: string;
  readonly path: string;
  readonly name: string;
  readonly seed: string;
  readonly tags: readonly MfaTag[];
  readonly createDateMs: number;
  readonly assignment: MfaAssignment | null;
  readonly lastUsedStep: number | null;
  readonly driftSteps: number;
}

export function deviceFromJson(value: Json): MfaDevice {
  const stored = value as unknown as StoredDevice;
  const seed = base32Decode(stored.seed);
  if (seed === undefined) throw new InternalError(`stored MFA device ${stored.serialNumber} has an unreadable seed`);
  return {
    account: stored.account,
    serialNumber: stored.serialNumber,
    path: stored.path,
    name: stored.name,
    seed,
    tags: stored.tags.map((tag) => ({ key: tag.key, value: tag.value })),
    createDateMs: stored.createDateMs,
    assignment: stored.assignment ?? undefined,
    lastUsedStep: stored.lastUsedStep ?? undefined,
    driftSteps: stored.driftSteps,
  };
}
