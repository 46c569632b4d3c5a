/**
 * The Audit page: the request stream, live, newest first, filtered by principal, action, decision and
 * error; choosing a request (click, or Enter on its row) opens its explanation beside the list
 * (`#/audit/<request id>`), with the policy documents from `/_iamlab/ui/api/explain`.
 */
import { ApiError, call } from './api.js';
import { h, replace, tableHead } from './dom.js';
import { explanationView } from './explain.js';
import type { PolicyDocumentView } from './explain.js';
import { formatClockTime, formatTime } from './format.js';
import { isDenied } from './model.js';
import type { AuditEvent, LabModel } from './model.js';

const SHOWN = 300;

export class AuditPage {
  readonly element: HTMLElement;
  readonly #model: LabModel;
  readonly #list: HTMLElement;
  readonly #detail: HTMLElement;
  readonly #principal: HTMLInputElement;
  readonly #action: HTMLInputElement;
  readonly #decision: HTMLSelectElement;
  readonly #error: HTMLSelectElement;
  #selected: string | undefined;
  /** What the list was last drawn from: redrawn only when it changed. */
  #drawnFrom = '';

  constructor(model: LabModel) {
    this.#model = model;
    const redraw = (): void => this.render();
    this.#principal = h('input', { id: 'filter-principal', type: 'search', oninput: redraw, autocomplete: 'off' });
    this.#action = h('input', { id: 'filter-action', type: 'search', oninput: redraw, autocomplete: 'off' });
    this.#decision = h(
      'select',
      { id: 'filter-decision', onchange: redraw },
      ['any', 'Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'none'].map((v) =>
        h('option', { value: v }, v === 'none' ? 'not authorized (no decision)' : v),
      ),
    );
    this.#error = h(
      'select',
      { id: 'filter-error', onchange: redraw },
      h('option', { value: 'any' }, 'any'),
      h('option', { value: 'error' }, 'with an error'),
      h('option', { value: 'ok' }, 'without an error'),
    );
    this.#list = h('div', { class: 'audit-list' });
    this.#detail = h('div', { class: 'audit-detail', 'aria-live': 'polite' });
    this.element = h(
      'section',
      { 'aria-labelledby': 'audit-title' },
      h('h2', { id: 'audit-title' }, 'Audit'),
      h(
        'form',
        { class: 'filters', role: 'search', onsubmit: (event) => event.preventDefault() },
        h('label', { for: 'filter-principal' }, 'Principal'),
        this.#principal,
        h('label', { for: 'filter-action' }, 'Action'),
        this.#action,
        h('label', { for: 'filter-decision' }, 'Decision'),
        this.#decision,
        h('label', { for: 'filter-error' }, 'Error'),
        this.#error,
      ),
      h('div', { class: 'audit-columns' }, this.#list, this.#detail),
    );
  }

  /** Shows the explanation of one request (or none). */
  async select(requestId: string | undefined): Promise<void> {
    if (requestId === this.#selected) return;
    this.#selected = requestId;
    this.render();
    if (requestId === undefined) {
      replace(this.#detail, h('p', { class: 'note' }, 'Choose a request to see why it was allowed or denied.'));
      return;
    }
    replace(this.#detail, h('p', null, 'Loading the explanation…'));
    try {
      const found = await call<{ event: AuditEvent; documents: PolicyDocumentView[] }>(
        `/_iamlab/ui/api/explain?request-id=${encodeURIComponent(requestId)}`,
      );
      if (this.#selected === requestId) replace(this.#detail, detailView(found.event, found.documents));
    } catch (error) {
      if (this.#selected === requestId)
        replace(this.#detail, h('p', { class: 'message' }, error instanceof ApiError ? error.message : String(error)));
    }
  }

  render(): void {
    const principal = this.#principal.value.trim().toLowerCase();
    const action = this.#action.value.trim().toLowerCase();
    const decision = this.#decision.value;
    const error = this.#error.value;
    const newest = this.#model.events[this.#model.events.length - 1];
    const from = [principal, action, decision, error, this.#selected, this.#model.events.length, newest?.requestId].join('|');
    if (from === this.#drawnFrom) return;
    this.#drawnFrom = from;
    const shown: AuditEvent[] = [];
    for (let i = this.#model.events.length - 1; i >= 0 && shown.length < SHOWN; i--) {
      const event = this.#model.events[i] as AuditEvent;
      if (principal !== '' && !(event.principalArn ?? 'anonymous').toLowerCase().includes(principal)) continue;
      if (action !== '' && !(event.action ?? `${event.service ?? ''}:${event.operation ?? ''}`).toLowerCase().includes(action)) continue;
      if (decision !== 'any' && (event.decision ?? 'none') !== decision) continue;
      if (error === 'error' && event.errorCode === null) continue;
      if (error === 'ok' && event.errorCode !== null) continue;
      shown.push(event);
    }
    replace(
      this.#list,
      h(
        'table',
        null,
        h('caption', null, `${shown.length} request${shown.length === 1 ? '' : 's'} shown, newest first`),
        tableHead(['Time', 'Principal', 'Action', 'Decision', 'Answer']),
        h(
          'tbody',
          null,
          shown.map((event) => {
            const open = (): void => void (location.hash = `#/audit/${encodeURIComponent(event.requestId)}`);
            return h(
              'tr',
              {
                class: `${isDenied(event) ? 'denied' : 'allowed'}${event.requestId === this.#selected ? ' selected' : ''}`,
                tabindex: 0,
                'data-key': `row-${event.requestId}`,
                'data-request-id': event.requestId,
                'aria-selected': event.requestId === this.#selected ? 'true' : 'false',
                onclick: open,
                onkeydown: (e) => {
                  if ((e as KeyboardEvent).key === 'Enter') open();
                },
              },
              h('td', { title: formatTime(event.timeMs) }, formatClockTime(event.timeMs)),
              h('td', { title: event.principalArn ?? 'anonymous' }, shortArn(event.principalArn)),
              h('td', null, event.action ?? `${event.service ?? '?'}:${event.operation ?? '?'}`),
              h('td', null, event.decision ?? '—'),
              h('td', null, `${event.status}${event.errorCode === null ? '' : ` ${event.errorCode}`}`),
            );
          }),
        ),
      ),
    );
  }
}

/** An ARN without its partition, service and account (`assumed-role/reader/build-1`): the full one is in the row's title. */
function shortArn(arn: string | null): string {
  return arn === null ? 'anonymous' : arn.replace(/^arn:aws:(iam|sts)::\d{12}:/, '');
}

function detailView(event: AuditEvent, documents: readonly PolicyDocumentView[]): HTMLElement {
  return h(
    'article',
    { class: 'request', 'aria-labelledby': 'request-title' },
    h('h3', { id: 'request-title' }, `Request ${event.requestId}`),
    h(
      'dl',
      null,
      h('dt', null, 'When'),
      h('dd', null, `${formatTime(event.timeMs)} (virtual time)`),
      h('dt', null, 'Principal'),
      h('dd', null, event.principalArn ?? 'anonymous', event.accessKeyId === null ? '' : ` with key ${event.accessKeyId}`),
      h('dt', null, 'Asked'),
      h(
        'dd',
        null,
        event.action ?? `${event.service ?? '?'}:${event.operation ?? '?'}`,
        event.resources.length === 0 ? '' : ` on ${event.resources.join(', ')}`,
      ),
      h('dt', null, 'Answer'),
      h('dd', null, `${event.status}${event.errorCode === null ? ' OK' : ` ${event.errorCode}: ${event.errorMessage ?? ''}`}`),
      h('dt', null, 'Decision'),
      h('dd', { class: `decision ${event.decision ?? ''}` }, event.decision ?? 'none (the request failed before authorization, or needed none)'),
      event.decidedBy === null ? null : [h('dt', null, 'Why'), h('dd', null, event.decidedBy)],
    ),
    explanationView(event.explanation, documents),
    documents.length > 0
      ? h('p', { class: 'note' }, 'Policy documents are shown as they are now, which may differ from when the request was made.')
      : null,
  );
}
