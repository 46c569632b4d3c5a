/**
 * One-time passwords: HOTP (RFC 4226) and TOTP over it (RFC 6238) with HMAC-SHA1 and 30-second steps, which
 * is what authenticator apps and IAM virtual MFA devices use (aws-behaviour.md §2.5). Pure: the instant is
 * always passed in (an MFA code is checked against the wall clock, design.md "Time").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_MS = 30_000;
const TOTP_DIGITS = 6;

/** The RFC 6238 time step `T = floor((now - T0) / X)` with T0 = 0 and X = 30 s. */
export function totpStep(atMs: number): number {
  return Math.floor(atMs / TOTP_STEP_MS);
}

/** RFC 4226 §5.3: HMAC-SHA1 over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(seed: Uint8Array, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', seed).update(message).digest();
  const binary = dynamicTruncate(mac);
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** RFC 4226 §5.4: the low nibble of the last byte picks 4 bytes; the top bit is masked off. */
function dynamicTruncate(mac: Buffer): number {
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fffffff;
}

/** The code an authenticator shows at `atMs`. */
export function totpCode(seed: Uint8Array, atMs: number, digits: number = TOTP_DIGITS): string {
  return hotp(seed, totpStep(atMs), digits);
}

interface VerifyTotpOptions {
  readonly digits?: number;
  /** Steps at or below this one are not accepted (RFC 6238 §5.2: a code is good once). */
  readonly afterStep?: number;
  /** Shifts the window's centre by this many steps (a device resynchronised with a drifting clock). */
  readonly driftSteps?: number;
}

/**
 * The time step whose code equals `code`, searching `window` steps either side of `atMs` (RFC 6238 §5.2
 * recommends one step of tolerance), or undefined. When two steps of the window share a code (1 in 10^6),
 * the later acceptable one wins. Comparison is constant-time.
 */
export function verifyTotp(seed: Uint8Array, code: string, atMs: number, window = 1, options: VerifyTotpOptions = {}): number | undefined {
  const digits = options.digits ?? TOTP_DIGITS;
  if (code.length !== digits || !/^[0-9]+$/.test(code)) return undefined;
  const centre = totpStep(atMs) + (options.driftSteps ?? 0);
  const offered = Buffer.from(code, 'utf8');
  let matched: number | undefined;
  for (let step = centre - window; step <= centre + window; step++) {
    if (step < 0 || (options.afterStep !== undefined && step <= options.afterStep)) continue;
    // Every candidate is compared, even after a match, so timing does not reveal which step matched.
    if (timingSafeEqual(Buffer.from(hotp(seed, step, digits), 'utf8'), offered)) matched = step;
  }
  return matched;
}
