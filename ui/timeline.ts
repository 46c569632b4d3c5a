/**
 * The Timeline page: every session the lab issued as a bar from issue to expiry on the virtual clock, grouped
 * by role or principal; the clock's now moving across them; clock moves and revocations marked; each
 * session's requests as marks, red where denied. Zoom and pan with the buttons, the mouse wheel, dragging,
 * or the keyboard on the chart (arrows, + and -, 0 to fit, N for now). A session turns "expired" or "revoked"
 * when the clock passes its end, without a reload: the page redraws every second and on every change.
 */
import { h, replace, svg, tableHead } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import { isDenied } from './model.js';
import type { AuditEvent, LabModel, Revocation, Session } from './model.js';

const LABEL_WIDTH = 250;
const AXIS_HEIGHT = 34;
const GROUP_HEIGHT = 24;
const ROW_HEIGHT = 24;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY];

type SessionState = 'active' | 'expired' | 'revoked';

interface Group {
  readonly label: string;
  readonly sessions: Session[];
  readonly revocation: Revocation | undefined;
}

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>` → role name and account. */
export function roleOfSession(session: Session): { readonly account: string; readonly roleName: string } | undefined {
  const match = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(session.arn);
  return match === null ? undefined : { account: match[1] as string, roleName: match[2] as string };
}

function revocationOf(session: Session, revocations: readonly Revocation[]): Revocation | undefined {
  const role = roleOfSession(session);
  return role === undefined ? undefined : revocations.find((r) => r.account === role.account && r.roleName === role.roleName);
}

export function sessionState(session: Session, nowMs: number, revocations: readonly Revocation[]): SessionState {
  const revocation = revocationOf(session, revocations);
  if (revocation !== undefined && session.issuedMs < revocation.cutoffMs && nowMs >= revocation.cutoffMs && nowMs < session.expiresMs)
    return 'revoked';
  return nowMs >= session.expiresMs ? 'expired' : 'active';
}

function groupsOf(model: LabModel): Group[] {
  const groups = new Map<string, Group>();
  for (const session of [...model.sessions.values()].sort((a, b) => a.issuedMs - b.issuedMs)) {
    const role = roleOfSession(session);
    const label =
      role === undefined ? `${session.kind} · ${session.issuedToArn.replace(/^arn:aws:\w+::/, '')}` : `role ${role.roleName} · ${role.account}`;
    let group = groups.get(label);
    if (group === undefined) {
      group = { label, sessions: [], revocation: revocationOf(session, model.revocations) };
      groups.set(label, group);
    }
    group.sessions.push(session);
  }
  return [...groups.values()];
}

function sessionName(session: Session): string {
  const role = /assumed-role\/[^/]+\/(.+)$/.exec(session.arn);
  return role === null ? session.arn.replace(/^arn:aws:\w+::\d{12}:/, '') : (role[1] as string);
}

export class TimelinePage {
  readonly element: HTMLElement;
  readonly #model: LabModel;
  readonly #chart: HTMLElement;
  readonly #table: HTMLElement;
  readonly #status: HTMLElement;
  #start = 0;
  #end = 0;
  #fitted = false;
  #drag: { readonly x: number; readonly start: number; readonly end: number } | undefined;
  /**
   * What the chart was last drawn from. Between changes only the now line moves: a chart redrawn every second
   * would drop a click whose press and release fell on either side of a redraw.
   */
  #drawnFrom = '';
  #nowLine: { readonly move: (now: number) => void } | undefined;

  constructor(model: LabModel) {
    this.#model = model;
    this.#chart = h('div', {
      class: 'chart',
      tabindex: 0,
      role: 'group',
      'aria-label': 'Sessions on the virtual clock. Arrow keys pan, plus and minus zoom, 0 fits, N centres on now.',
      onkeydown: (event) => this.#key(event as KeyboardEvent),
      onwheel: (event) => this.#wheel(event as WheelEvent),
      onpointerdown: (event) => this.#pointerDown(event as PointerEvent),
      onpointermove: (event) => this.#pointerMove(event as PointerEvent),
      onpointerup: () => (this.#drag = undefined),
      onpointercancel: () => (this.#drag = undefined),
    });
    this.#status = h('p', { class: 'window', 'aria-live': 'polite' });
    this.#table = h('div', { class: 'session-table' });
    const button = (label: string, action: () => void, title: string): HTMLButtonElement =>
      h('button', { type: 'button', 'aria-label': title, title, onclick: action }, label);
    this.element = h(
      'section',
      { 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title' }, 'Timeline'),
      h(
        'div',
        { class: 'toolbar', role: 'toolbar', 'aria-label': 'Timeline view' },
        button('−', () => this.#zoom(2), 'Zoom out'),
        button('+', () => this.#zoom(0.5), 'Zoom in'),
        button('◀', () => this.#pan(-0.25), 'Earlier'),
        button('▶', () => this.#pan(0.25), 'Later'),
        button('Now', () => this.#centre(this.#model.now()), 'Centre on now'),
        button('Fit', () => this.#fit(), 'Fit every session'),
        ...[
          ['1h', HOUR],
          ['6h', 6 * HOUR],
          ['1d', DAY],
          ['7d', 7 * DAY],
        ].map(([label, span]) => button(label as string, () => this.#span(span as number), `Show ${label as string} around now`)),
      ),
      this.#status,
      this.#chart,
      h('h3', null, 'Sessions'),
      this.#table,
    );
    new ResizeObserver(() => this.render()).observe(this.#chart);
  }

  render(): void {
    if (!this.#fitted) {
      // Nothing to draw before the model has loaded the clock.
      if (this.#model.clock.virtualNowMs === 0) return;
      this.#fit(false);
    }
    const now = this.#model.now();
    const states = [...this.#model.sessions.values()].map((s) => sessionState(s, now, this.#model.revocations)).join();
    const from = [this.#model.version, this.#start, this.#end, this.#chart.clientWidth, states].join('|');
    if (from === this.#drawnFrom && this.#nowLine !== undefined) {
      this.#nowLine.move(now);
      return;
    }
    this.#drawnFrom = from;
    const groups = groupsOf(this.#model);
    const byKey = new Map<string, AuditEvent[]>();
    for (const event of this.#model.events) {
      if (event.accessKeyId === null || !this.#model.sessions.has(event.accessKeyId)) continue;
      const list = byKey.get(event.accessKeyId) ?? [];
      list.push(event);
      byKey.set(event.accessKeyId, list);
    }
    this.#status.textContent = `${formatTime(this.#start)} — ${formatTime(this.#end)} (${formatDuration(this.#end - this.#start)}), virtual time`;
    replace(this.#chart, this.#svg(groups, byKey, now));
    replace(this.#table, this.#sessionTable(groups, byKey, now));
  }

  #svg(groups: readonly Group[], byKey: ReadonlyMap<string, AuditEvent[]>, now: number): SVGSVGElement {
    const width = Math.max(640, this.#chart.clientWidth || 1000);
    const rows = groups.reduce((n, g) => n + 1 + g.sessions.length, 0);
    const height = AXIS_HEIGHT + groups.length * GROUP_HEIGHT + (rows - groups.length) * ROW_HEIGHT + 12;
    const span = this.#end - this.#start;
    const x = (ms: number): number => LABEL_WIDTH + ((ms - this.#start) / span) * (width - LABEL_WIDTH - 10);
    const clampX = (ms: number): number => Math.min(width - 10, Math.max(LABEL_WIDTH, x(ms)));
    const parts: SVGElement[] = [];
    // Axis and grid.
    const step = TICK_STEPS.find((s) => span / s <= 8) ?? 30 * DAY;
    for (let t = Math.ceil(this.#start / step) * step; t <= this.#end; t += step) {
      const label = step >= DAY ? formatTime(t).slice(0, 10) : formatTime(t).slice(step >= HOUR ? 5 : 11, 16);
      parts.push(svg('line', { class: 'grid', x1: x(t), x2: x(t), y1: AXIS_HEIGHT - 6, y2: height }));
      parts.push(svg('text', { class: 'tick', x: x(t) + 3, y: AXIS_HEIGHT - 10 }, label));
    }
    // Clock moves: the virtual time jumped over.
    for (const move of this.#model.clock.moves) {
      if (move.toMs === move.fromMs || move.toMs < this.#start || move.fromMs > this.#end) continue;
      const from = clampX(Math.min(move.fromMs, move.toMs));
      parts.push(
        svg('rect', {
          class: 'clock-move',
          x: from,
          y: AXIS_HEIGHT,
          width: Math.max(2, clampX(Math.max(move.fromMs, move.toMs)) - from),
          height: height - AXIS_HEIGHT,
        }),
        svg(
          'text',
          { class: 'move-label', x: from + 3, y: AXIS_HEIGHT + 10 },
          `clock ${move.toMs >= move.fromMs ? '+' : '−'}${formatDuration(Math.abs(move.toMs - move.fromMs))}`,
        ),
      );
    }
    let y = AXIS_HEIGHT;
    for (const group of groups) {
      parts.push(svg('text', { class: 'group-label', x: 6, y: y + 16 }, group.label));
      const groupTop = y;
      y += GROUP_HEIGHT;
      for (const session of group.sessions) {
        const state = sessionState(session, now, this.#model.revocations);
        const left = clampX(session.issuedMs);
        const right = clampX(session.expiresMs);
        const cut = state === 'revoked' && group.revocation !== undefined ? clampX(group.revocation.cutoffMs) : right;
        const events = byKey.get(session.accessKeyId) ?? [];
        const denied = events.filter(isDenied).length;
        parts.push(
          svg(
            'g',
            { class: `session ${state}`, 'data-session': session.accessKeyId, 'data-state': state },
            svg('text', { class: 'session-label', x: 16, y: y + 15 }, `${sessionName(session)} (${state})`),
            svg(
              'rect',
              { class: 'bar', x: left, y: y + 5, width: Math.max(2, cut - left), height: ROW_HEIGHT - 10, rx: 3 },
              svg(
                'title',
                null,
                `${session.arn}\n${session.accessKeyId}\nissued ${formatTime(session.issuedMs)}\nexpires ${formatTime(session.expiresMs)}\n${state}`,
              ),
            ),
            cut < right ? svg('rect', { class: 'bar-cut', x: cut, y: y + 5, width: right - cut, height: ROW_HEIGHT - 10, rx: 3 }) : null,
            events.map((event) => {
              const red = isDenied(event);
              return svg(
                'circle',
                {
                  class: red ? 'mark denied' : 'mark allowed',
                  cx: clampX(event.timeMs),
                  cy: y + ROW_HEIGHT / 2,
                  r: 5,
                  tabindex: 0,
                  role: 'link',
                  'data-key': `mark-${event.requestId}`,
                  'data-request-id': event.requestId,
                  'data-denied': red ? 'true' : 'false',
                  'aria-label': `${event.action ?? event.operation ?? 'request'} at ${formatTime(event.timeMs)}: ${red ? (event.errorCode ?? event.decision ?? 'denied') : 'allowed'}`,
                  onclick: () => (location.hash = `#/audit/${encodeURIComponent(event.requestId)}`),
                  onkeydown: (e) => {
                    if ((e as KeyboardEvent).key === 'Enter') location.hash = `#/audit/${encodeURIComponent(event.requestId)}`;
                  },
                },
                svg(
                  'title',
                  null,
                  `${event.action ?? event.operation ?? '?'} ${formatTime(event.timeMs)} ${red ? (event.errorCode ?? event.decision) : 'Allowed'}`,
                ),
              );
            }),
            denied > 0 ? svg('text', { class: 'denied-count', x: LABEL_WIDTH - 8, y: y + 15, 'text-anchor': 'end' }, `${denied}✕`) : null,
          ),
        );
        y += ROW_HEIGHT;
      }
      if (group.revocation !== undefined && group.revocation.cutoffMs >= this.#start && group.revocation.cutoffMs <= this.#end) {
        const rx = x(group.revocation.cutoffMs);
        parts.push(
          svg('line', { class: 'revocation', x1: rx, x2: rx, y1: groupTop + 4, y2: y }),
          svg('text', { class: 'revocation-label', x: rx + 3, y: groupTop + 16 }, 'revoked'),
        );
      }
    }
    const nowLine = svg('line', { class: 'now', x1: x(now), x2: x(now), y1: AXIS_HEIGHT - 6, y2: height });
    const nowLabel = svg('text', { class: 'now-label', x: x(now) + 3, y: AXIS_HEIGHT - 22 }, 'now');
    this.#nowLine = {
      move: (at) => {
        const visible = at >= this.#start && at <= this.#end;
        nowLine.setAttribute('x1', String(x(at)));
        nowLine.setAttribute('x2', String(x(at)));
        nowLabel.setAttribute('x', String(x(at) + 3));
        nowLine.style.display = nowLabel.style.display = visible ? '' : 'none';
      },
    };
    this.#nowLine.move(now);
    // The now line under the sessions, so that it never covers a request's mark.
    parts.unshift(nowLine, nowLabel);
    if (groups.length === 0) parts.push(svg('text', { class: 'empty', x: 16, y: AXIS_HEIGHT + 20 }, 'No session issued yet.'));
    return svg(
      'svg',
      { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Timeline of ${this.#model.sessions.size} sessions` },
      parts,
    );
  }

  #sessionTable(groups: readonly Group[], byKey: ReadonlyMap<string, AuditEvent[]>, now: number): HTMLElement {
    const sessions = groups.flatMap((g) => g.sessions);
    if (sessions.length === 0) return h('p', null, 'No session issued yet.');
    return h(
      'table',
      null,
      tableHead(['Session', 'Key', 'Issued', 'Expires', 'State', 'Requests']),
      h(
        'tbody',
        null,
        sessions.map((session) => {
          const state = sessionState(session, now, this.#model.revocations);
          const events = byKey.get(session.accessKeyId) ?? [];
          return h(
            'tr',
            { 'data-session-row': session.accessKeyId, 'data-state': state },
            h('td', null, session.arn),
            h('td', null, h('code', null, session.accessKeyId)),
            h('td', null, formatTime(session.issuedMs)),
            h('td', null, formatTime(session.expiresMs), state === 'active' ? ` (in ${formatDuration(session.expiresMs - now)})` : ''),
            h('td', { class: `state ${state}` }, state),
            h('td', null, `${events.length}`, events.some(isDenied) ? `, ${events.filter(isDenied).length} denied` : ''),
          );
        }),
      ),
    );
  }

  #fit(redraw = true): void {
    const now = this.#model.now();
    const sessions = [...this.#model.sessions.values()];
    const start = Math.min(now, ...sessions.map((s) => s.issuedMs));
    const end = Math.max(now, ...sessions.map((s) => s.expiresMs));
    const margin = Math.max((end - start) * 0.05, 5 * MINUTE);
    this.#start = start - margin;
    this.#end = end + margin;
    this.#fitted = true;
    if (redraw) this.render();
  }

  #span(span: number): void {
    const now = this.#model.now();
    this.#start = now - span / 2;
    this.#end = now + span / 2;
    this.render();
  }

  #centre(at: number): void {
    const half = (this.#end - this.#start) / 2;
    this.#start = at - half;
    this.#end = at + half;
    this.render();
  }

  #zoom(factor: number, around = (this.#start + this.#end) / 2): void {
    const span = Math.min(365 * DAY, Math.max(MINUTE, (this.#end - this.#start) * factor));
    const ratio = (around - this.#start) / (this.#end - this.#start);
    this.#start = around - span * ratio;
    this.#end = this.#start + span;
    this.render();
  }

  #pan(fraction: number): void {
    const by = (this.#end - this.#start) * fraction;
    this.#start += by;
    this.#end += by;
    this.render();
  }

  #key(event: KeyboardEvent): void {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.#pan(-0.1),
      ArrowRight: () => this.#pan(0.1),
      '+': () => this.#zoom(0.5),
      '=': () => this.#zoom(0.5),
      '-': () => this.#zoom(2),
      '0': () => this.#fit(),
      n: () => this.#centre(this.#model.now()),
    };
    const action = actions[event.key];
    if (action === undefined || event.target !== this.#chart) return;
    event.preventDefault();
    action();
  }

  #timeAt(clientX: number): number {
    const box = this.#chart.getBoundingClientRect();
    const width = Math.max(640, this.#chart.clientWidth || 1000);
    const fraction = (clientX - box.left - LABEL_WIDTH) / (width - LABEL_WIDTH - 10);
    return this.#start + Math.min(1, Math.max(0, fraction)) * (this.#end - this.#start);
  }

  #wheel(event: WheelEvent): void {
    event.preventDefault();
    this.#zoom(event.deltaY > 0 ? 1.25 : 0.8, this.#timeAt(event.clientX));
  }

  #pointerDown(event: PointerEvent): void {
    if (event.target instanceof SVGCircleElement) return;
    this.#drag = { x: event.clientX, start: this.#start, end: this.#end };
  }

  #pointerMove(event: PointerEvent): void {
    const drag = this.#drag;
    if (drag === undefined || (event.buttons & 1) === 0) return;
    const width = Math.max(640, this.#chart.clientWidth || 1000) - LABEL_WIDTH - 10;
    const by = ((drag.x - event.clientX) / width) * (drag.end - drag.start);
    this.#start = drag.start + by;
    this.#end = drag.end + by;
    this.render();
  }
}
