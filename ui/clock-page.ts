/**
 * The Clock page: virtual and wall now and the offset between them, and the moves `iamlab clock` makes —
 * advance by a preset or a typed duration (`90m`, `6h`, `1d2h`), set to an instant, freeze, resume — through
 * the admin API's `POST /_iamlab/clock`, whose rules (virtual time never goes back) decide; its refusal is
 * shown as it is worded.
 */
import { ApiError, call } from './api.js';
import { h, replace } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import type { LabModel } from './model.js';

const PRESETS = ['15m', '1h', '2h', '6h', '12h', '1d', '7d'];

export class ClockPage {
  readonly element: HTMLElement;
  readonly #model: LabModel;
  readonly #now: HTMLElement;
  readonly #message: HTMLElement;
  readonly #history: HTMLElement;

  constructor(model: LabModel) {
    this.#model = model;
    this.#now = h('dl', { class: 'clock-now' });
    this.#message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    this.#history = h('div');
    const duration = h('input', { id: 'advance-by', name: 'by', placeholder: '90m', required: true, pattern: '\\s*\\d.*', autocomplete: 'off' });
    const instant = h('input', { id: 'set-to', name: 'to', placeholder: '2030-01-01T00:00:00Z', required: true, autocomplete: 'off' });
    this.element = h(
      'section',
      { 'aria-labelledby': 'clock-title' },
      h('h2', { id: 'clock-title' }, 'Clock'),
      this.#now,
      h(
        'div',
        { class: 'toolbar', role: 'group', 'aria-label': 'Advance the clock by' },
        h('span', null, 'Advance by'),
        PRESETS.map((preset) =>
          h(
            'button',
            { type: 'button', 'aria-label': `Advance ${preset}`, onclick: () => void this.#move({ action: 'advance', by: preset }) },
            `+${preset}`,
          ),
        ),
      ),
      h(
        'form',
        {
          class: 'inline-form',
          onsubmit: (event) => {
            event.preventDefault();
            void this.#move({ action: 'advance', by: duration.value.trim() });
          },
        },
        h('label', { for: 'advance-by' }, 'Advance by a duration'),
        duration,
        h('button', { type: 'submit' }, 'Advance'),
      ),
      h(
        'form',
        {
          class: 'inline-form',
          onsubmit: (event) => {
            event.preventDefault();
            void this.#move({ action: 'set', to: instant.value.trim() });
          },
        },
        h('label', { for: 'set-to' }, 'Set to an instant (ISO 8601)'),
        instant,
        h('button', { type: 'submit' }, 'Set'),
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', onclick: () => void this.#move({ action: 'freeze' }) }, 'Freeze'),
        h('button', { type: 'button', onclick: () => void this.#move({ action: 'resume' }) }, 'Resume'),
      ),
      this.#message,
      h('h3', null, 'Moves'),
      this.#history,
    );
  }

  render(): void {
    const clock = this.#model.clock;
    const now = this.#model.now();
    const wall = this.#model.wallNow();
    replace(
      this.#now,
      h('dt', null, 'Virtual now'),
      h('dd', { 'data-field': 'virtual-now' }, formatTime(now), clock.frozen ? ' (frozen)' : ''),
      h('dt', null, 'Wall now'),
      h('dd', { 'data-field': 'wall-now' }, formatTime(wall)),
      h('dt', null, 'Offset'),
      h('dd', { 'data-field': 'offset' }, now - wall === 0 ? '0s' : `${now - wall > 0 ? '+' : ''}${formatDuration(now - wall)}`),
    );
    replace(
      this.#history,
      clock.moves.length === 0
        ? h('p', null, 'The clock has not been moved: virtual time is wall time.')
        : h(
            'ol',
            null,
            clock.moves.map((move) =>
              h(
                'li',
                null,
                `at wall ${formatTime(move.wallMs)}: `,
                move.kind === 'frozen' ? `frozen at ${formatTime(move.toMs)}` : `${formatTime(move.fromMs)} → ${formatTime(move.toMs)}`,
              ),
            ),
          ),
    );
  }

  async #move(command: Record<string, string>): Promise<void> {
    try {
      await call('/_iamlab/clock', command);
      this.#message.textContent = `Done: ${command['action']}${command['by'] === undefined ? '' : ` ${command['by']}`}${command['to'] === undefined ? '' : ` ${command['to']}`}.`;
    } catch (error) {
      this.#message.textContent = error instanceof ApiError ? `Refused: ${error.message}` : String(error);
    }
  }
}
