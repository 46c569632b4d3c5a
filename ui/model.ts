/**
 * What the console knows of the lab, kept current by the live stream: the clock (its "now" runs on between
 * updates, unless frozen), the sessions issued, the audit events, the revocations. Pages read it and are told
 * when it changed; the whole model is reloaded after each reconnection of the stream.
 */
import { call } from './api.js';
import type { StreamEvent } from './api.js';

interface ClockMove {
  readonly kind: 'offset' | 'frozen';
  readonly wallMs: number;
  readonly fromMs: number;
  readonly toMs: number;
}

interface ClockView {
  readonly virtualNowMs: number;
  readonly wallNowMs: number;
  readonly offsetMs: number;
  readonly offset: string;
  readonly frozen: boolean;
  readonly moves: readonly ClockMove[];
}

export interface Session {
  readonly accessKeyId: string;
  readonly account: string;
  readonly kind: string;
  readonly arn: string;
  readonly issuedToArn: string;
  readonly issuedMs: number;
  readonly expiresMs: number;
  readonly mfa: boolean;
}

export interface AuditEvent {
  readonly seq?: number;
  readonly timeMs: number;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly service: string | null;
  readonly operation: string | null;
  readonly action: string | null;
  readonly resources: readonly string[];
  readonly principalArn: string | null;
  readonly accessKeyId: string | null;
  readonly decision: string | null;
  readonly decidedBy: string | null;
  readonly explanation: unknown;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly status: number;
}

export interface Revocation {
  readonly account: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly cutoffMs: number;
}

/** Denied by policy, or failed: what the timeline draws red. */
export function isDenied(event: AuditEvent): boolean {
  return (event.decision !== null && event.decision !== 'Allowed') || event.errorCode !== null;
}

const MAX_EVENTS = 5000;

export class LabModel {
  defaultAccount = '';
  clock: ClockView = { virtualNowMs: 0, wallNowMs: 0, offsetMs: 0, offset: '0s', frozen: false, moves: [] };
  /** `performance.now()` when `clock` arrived: virtual now runs on from there. */
  #clockAt = 0;
  readonly sessions = new Map<string, Session>();
  /** Oldest first. */
  events: AuditEvent[] = [];
  revocations: Revocation[] = [];
  readonly #listeners = new Set<() => void>();
  /** Counts changes: a page redraws when it moved since its last drawing. */
  version = 0;

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The lab's virtual now, as of this moment. */
  now(): number {
    return this.clock.frozen ? this.clock.virtualNowMs : this.clock.virtualNowMs + (performance.now() - this.#clockAt);
  }

  wallNow(): number {
    return this.clock.wallNowMs + (performance.now() - this.#clockAt);
  }

  setClock(clock: ClockView): void {
    this.clock = clock;
    this.#clockAt = performance.now();
    this.#changed();
  }

  async load(): Promise<void> {
    const [overview, sessions, events, revocations] = await Promise.all([
      call<{ defaultAccount: string; clock: ClockView }>('/_iamlab/ui/api/overview'),
      call<{ sessions: Session[] }>('/_iamlab/ui/api/sessions'),
      call<{ events: AuditEvent[] }>(`/_iamlab/events?order=newest&limit=${MAX_EVENTS}`),
      call<{ revocations: Revocation[] }>('/_iamlab/ui/api/revocations'),
    ]);
    this.defaultAccount = overview.defaultAccount;
    this.sessions.clear();
    for (const session of sessions.sessions) this.sessions.set(session.accessKeyId, session);
    this.events = events.events.reverse();
    this.revocations = revocations.revocations;
    this.setClock(overview.clock);
  }

  async reloadRevocations(): Promise<void> {
    this.revocations = (await call<{ revocations: Revocation[] }>('/_iamlab/ui/api/revocations')).revocations;
    this.#changed();
  }

  apply(event: StreamEvent): void {
    switch (event.type) {
      case 'hello':
      case 'clock':
        this.setClock(event.data as ClockView);
        return;
      case 'session': {
        const session = event.data as Session;
        this.sessions.set(session.accessKeyId, session);
        this.#changed();
        return;
      }
      case 'audit': {
        const audit = event.data as AuditEvent;
        this.events.push(audit);
        if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
        // A revocation is an inline role policy: its writes and removals change the cut-offs.
        if (audit.operation !== null && /^(PutRolePolicy|DeleteRolePolicy|DeleteRole)$/.test(audit.operation)) void this.reloadRevocations();
        this.#changed();
        return;
      }
      default:
        // `overflow`: the lab ends the stream after it, and the reconnection reloads everything.
        return;
    }
  }

  #changed(): void {
    this.version++;
    for (const listener of this.#listeners) listener();
  }
}
