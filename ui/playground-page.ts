/**
 * The Policy playground: paste an identity policy and a request (or start from a recorded request), and the
 * lab's own engine decides it (`POST /_iamlab/ui/api/playground`); the answer is shown like an audited
 * request's explanation, with the pasted document's deciding statement highlighted. Nothing in the lab changes.
 */
import { ApiError, call } from './api.js';
import { h, replace } from './dom.js';
import { explanationView } from './explain.js';
import { formatTime } from './format.js';
import type { LabModel } from './model.js';

const EXAMPLE = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
      { Sid: 'OnlyWithMfa', Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ],
  },
  null,
  2,
);

export class PlaygroundPage {
  readonly element: HTMLElement;
  readonly #model: LabModel;
  readonly #recorded: HTMLSelectElement;
  readonly #result: HTMLElement;
  /** The newest event the list of recorded requests was drawn with: redrawn only when it changes. */
  #drawnFrom = '';

  constructor(model: LabModel) {
    this.#model = model;
    const policy = h('textarea', { id: 'pg-policy', rows: 14, spellcheck: 'false' });
    policy.value = EXAMPLE;
    const action = h('input', { id: 'pg-action', value: 's3:GetObject', autocomplete: 'off' });
    const resource = h('input', { id: 'pg-resource', value: 'arn:aws:s3:::reports/q1.csv', autocomplete: 'off' });
    const principal = h('input', {
      id: 'pg-principal',
      placeholder: 'default: a user named playground in the lab’s account',
      autocomplete: 'off',
    });
    const context = h('textarea', { id: 'pg-context', rows: 3, spellcheck: 'false' });
    context.value = '{ "aws:MultiFactorAuthPresent": "true" }';
    this.#result = h('div', { class: 'playground-result', 'aria-live': 'polite' });
    this.#recorded = h('select', {
      id: 'pg-recorded',
      onchange: () => {
        const event = this.#model.events.find((e) => e.requestId === this.#recorded.value);
        if (event === undefined) return;
        action.value = event.action ?? '';
        resource.value = event.resources[0] ?? '*';
        principal.value = event.principalArn ?? '';
      },
    });
    const evaluate = async (): Promise<void> => {
      let contextValue: unknown;
      try {
        contextValue = context.value.trim() === '' ? {} : JSON.parse(context.value);
      } catch {
        replace(this.#result, h('p', { class: 'message' }, 'The context must be a JSON object of condition keys.'));
        return;
      }
      try {
        const answer = await call<{ decision: string; decidedBy: string; explanation: unknown }>('/_iamlab/ui/api/playground', {
          policy: policy.value,
          action: action.value.trim(),
          resource: resource.value.trim(),
          principal: principal.value.trim(),
          context: contextValue,
        });
        replace(
          this.#result,
          h('p', null, 'Decision: ', h('strong', { class: `decision ${answer.decision}` }, answer.decision)),
          h('p', null, answer.decidedBy),
          explanationView(answer.explanation, [{ policy: { kind: 'identity', name: 'pasted policy' }, text: policy.value }]),
        );
      } catch (error) {
        replace(this.#result, h('p', { class: 'message' }, error instanceof ApiError ? error.message : String(error)));
      }
    };
    this.element = h(
      'section',
      { 'aria-labelledby': 'playground-title' },
      h('h2', { id: 'playground-title' }, 'Policy playground'),
      h(
        'form',
        {
          class: 'playground',
          onsubmit: (event) => {
            event.preventDefault();
            void evaluate();
          },
        },
        h('label', { for: 'pg-recorded' }, 'Start from a recorded request'),
        this.#recorded,
        h('label', { for: 'pg-policy' }, 'Identity policy'),
        policy,
        h('label', { for: 'pg-action' }, 'Action'),
        action,
        h('label', { for: 'pg-resource' }, 'Resource'),
        resource,
        h('label', { for: 'pg-principal' }, 'Principal ARN'),
        principal,
        h('label', { for: 'pg-context' }, 'Extra context keys (JSON)'),
        context,
        h('div', null, h('button', { type: 'submit' }, 'Evaluate')),
      ),
      this.#result,
    );
  }

  render(): void {
    const newest = this.#model.events[this.#model.events.length - 1];
    const from = `${this.#model.events.length}|${newest?.requestId ?? ''}`;
    if (from === this.#drawnFrom) return;
    this.#drawnFrom = from;
    const current = this.#recorded.value;
    const recent = this.#model.events
      .filter((e) => e.action !== null)
      .slice(-50)
      .reverse();
    replace(
      this.#recorded,
      h('option', { value: '' }, '—'),
      recent.map((e) =>
        h('option', { value: e.requestId, selected: e.requestId === current }, `${formatTime(e.timeMs)} ${e.action ?? ''} ${e.principalArn ?? ''}`),
      ),
    );
  }
}
