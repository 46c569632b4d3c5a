/**
 * The virtual clock (design.md, "Time").
 *
 * Clients live on the wall clock; iamlab's world lives on a virtual clock that equals the wall clock until
 * the user moves it. Every change is recorded as a `ClockChange` (the wall instant it took effect, and either
 * an offset or a frozen virtual value). The history is what lets us answer "what was the virtual time when
 * the client signed this URL?": `toVirtual(wall)` maps a wall instant through the change **in force at that
 * instant**, while `toWall(virtual)` maps back through the **current** change (what we write on the wire is
 * in the client's frame as of now).
 *
 * The clock is pure apart from its `wallNow` source, which is injected so tests control it completely.
 */
import { MAX_VIRTUAL_MS } from './instant.js';

/** One recorded change: from `wallMs` on, virtual = wall + offsetMs, or virtual = frozenAtMs while frozen. */
export type ClockChange =
  | { readonly kind: 'offset'; readonly wallMs: number; readonly offsetMs: number }
  | { readonly kind: 'frozen'; readonly wallMs: number; readonly frozenAtMs: number };

export interface ClockState {
  readonly virtualNowMs: number;
  readonly wallNowMs: number;
  /** virtual - wall at this moment (grows while frozen). */
  readonly offsetMs: number;
  readonly frozen: boolean;
}

export type ClockMoveResult = { readonly kind: 'ok'; readonly change: ClockChange } | { readonly kind: 'error'; readonly reason: string };

export class Clock {
  readonly #wallNow: () => number;
  #history: ClockChange[];

  constructor(wallNow: () => number = Date.now, history: readonly ClockChange[] = []) {
    this.#wallNow = wallNow;
    this.#history = [...history].sort((a, b) => a.wallMs - b.wallMs);
  }

  /** The recorded changes, oldest first. */
  get history(): readonly ClockChange[] {
    return this.#history;
  }

  wallNow(): number {
    return this.#wallNow();
  }

  /** Virtual time now, in epoch milliseconds. */
  now(): number {
    return this.toVirtual(this.#wallNow());
  }

  /** Maps a wall instant to virtual time using the change in force at that instant. */
  toVirtual(wallMs: number): number {
    const change = this.#changeAt(wallMs);
    if (change === undefined) return wallMs;
    return change.kind === 'offset' ? wallMs + change.offsetMs : change.frozenAtMs;
  }

  /**
   * Maps a virtual instant to the client's (wall) frame using the current relation. While frozen the current
   * relation is "virtual = frozenAt at wall = now", so the mapping keeps the distance to the virtual now.
   */
  toWall(virtualMs: number): number {
    const wall = this.#wallNow();
    return virtualMs - (this.toVirtual(wall) - wall);
  }

  state(): ClockState {
    const wall = this.#wallNow();
    const virtual = this.toVirtual(wall);
    const current = this.#changeAt(wall);
    return { virtualNowMs: virtual, wallNowMs: wall, offsetMs: virtual - wall, frozen: current?.kind === 'frozen' };
  }

  /** Moves virtual time forward by `ms` (>= 0). A frozen clock stays frozen, at the later instant. */
  advance(ms: number): ClockMoveResult {
    if (!Number.isFinite(ms) || ms < 0) return { kind: 'error', reason: 'the clock only moves forward' };
    const wall = this.#wallNow();
    const virtual = this.toVirtual(wall);
    if (virtual + ms > MAX_VIRTUAL_MS) {
      return {
        kind: 'error',
        reason: `the clock cannot pass ${new Date(MAX_VIRTUAL_MS).toISOString()}: AWS writes its dates with four-digit years (it is now ${new Date(virtual).toISOString()})`,
      };
    }
    return this.#record(
      this.#frozenNow(wall)
        ? { kind: 'frozen', wallMs: wall, frozenAtMs: virtual + ms }
        : {
            kind: 'offset',
            wallMs: wall,
            offsetMs: virtual + ms - wall,
          },
    );
  }

  /** Sets virtual time to `virtualMs`, which must not be earlier than the virtual now. */
  set(virtualMs: number): ClockMoveResult {
    const wall = this.#wallNow();
    const virtual = this.toVirtual(wall);
    if (!Number.isFinite(virtualMs)) return { kind: 'error', reason: 'the time is not a valid instant' };
    if (virtualMs < virtual) {
      return {
        kind: 'error',
        reason: `the clock only moves forward: \`${new Date(virtualMs).toISOString()}\` is before the virtual now \`${new Date(virtual).toISOString()}\``,
      };
    }
    return this.advance(virtualMs - virtual);
  }

  /** Stops virtual time where it is. Freezing a frozen clock changes nothing. */
  freeze(): ClockMoveResult {
    const wall = this.#wallNow();
    return this.#record({ kind: 'frozen', wallMs: wall, frozenAtMs: this.toVirtual(wall) });
  }

  /** Lets virtual time run again from where it stands (the offset absorbs the frozen interval). */
  resume(): ClockMoveResult {
    const wall = this.#wallNow();
    return this.#record({ kind: 'offset', wallMs: wall, offsetMs: this.toVirtual(wall) - wall });
  }

  /** Adopts a change recorded elsewhere (another node, or the store at start-up). */
  apply(change: ClockChange): void {
    this.#history.push(change);
    this.#history.sort((a, b) => a.wallMs - b.wallMs);
  }

  /** Forgets the history (a full lab reset: the only time the clock may go back). */
  reset(): void {
    this.#history = [];
  }

  #frozenNow(wall: number): boolean {
    return this.#changeAt(wall)?.kind === 'frozen';
  }

  #record(change: ClockChange): ClockMoveResult {
    this.#history.push(change);
    return { kind: 'ok', change };
  }

  #changeAt(wallMs: number): ClockChange | undefined {
    // The history is short and read from the end: the newest change at or before wallMs is in force.
    for (let i = this.#history.length - 1; i >= 0; i--) {
      const change = this.#history[i];
      if (change !== undefined && change.wallMs <= wallMs) return change;
    }
    return undefined;
  }
}
