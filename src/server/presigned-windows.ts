/**
 * Where presigned URLs' windows lie on the virtual clock (design.md "Time": a window starts at
 * toVirtual(signing time)), for the two cases the signing time alone cannot settle:
 * - SigV4: `X-Amz-Date` has whole seconds, so a URL dated in the second of a clock move could have been made
 *   on either side of it. The first time the lab sees the URL decides: seen before the move, it was made
 *   before it; seen after, it counts as made after it. So both "presign, use, advance, use again" and
 *   "advance, presign, use" behave as they would on AWS.
 * - SigV2: the URL carries only its absolute end (`Expires`, wall frame) and no signing time. [U] The first
 *   time the lab sees it stands for the signing time: its end is the wall time it had left then, counted
 *   from the virtual now, and from then on it ages on the virtual clock.
 * Both decisions are remembered per signature for the most recent URLs (a forgotten one is decided anew).
 */

/** The part of the Clock these rules read. */
interface WindowClock {
  now(): number;
  wallNow(): number;
  toVirtual(wallMs: number): number;
}

const SECOND_MS = 1000;

export class PresignedWindows {
  readonly #decided = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** Virtual start of a SigV4 URL signed at `signedAtMs` (whole seconds, wall frame). */
  sigV4Start(signature: string, signedAtMs: number, clock: WindowClock): number {
    const early = clock.toVirtual(signedAtMs);
    const lastMs = signedAtMs + SECOND_MS - 1;
    // The signing second is over and held no clock move (moves are made at the wall's now, never in its
    // past): nothing to decide, nothing to remember.
    if (clock.wallNow() > lastMs && clock.toVirtual(lastMs) - early === SECOND_MS - 1) return early;
    return this.#remember(`4:${signature}`, () => {
      const madeBy = Math.min(lastMs, clock.wallNow());
      return clock.toVirtual(madeBy) - (madeBy - signedAtMs);
    });
  }

  /** Virtual end of a SigV2 URL whose `Expires` is `expiresEpochSeconds` (wall frame). */
  sigV2Expiry(signature: string, expiresEpochSeconds: number, clock: WindowClock): number {
    return this.#remember(`2:${signature}`, () => clock.now() + (expiresEpochSeconds * SECOND_MS - clock.wallNow()));
  }

  #remember(key: string, decide: () => number): number {
    const known = this.#decided.get(key);
    if (known !== undefined) return known;
    const value = decide();
    if (this.#decided.size >= this.#capacity) this.#decided.delete(this.#decided.keys().next().value as string);
    this.#decided.set(key, value);
    return value;
  }
}
