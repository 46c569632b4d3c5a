/**
 * The console's entry (design.md "The console"): the page frame with its navigation, the admin token prompt,
 * the model fed by the live stream, and the pages, one shown at a time by the URL's hash (`#/timeline`,
 * `#/clock`, `#/audit/<request id>`, `#/entities/role/<account>/<name>`, `#/playground`). The shown page is
 * redrawn when the model changes (at most once per frame) and every second, as virtual time runs on.
 */
import { follow, setToken, Unauthorized } from './api.js';
import { AuditPage } from './audit-page.js';
import { ClockPage } from './clock-page.js';
import { h, replace } from './dom.js';
import { EntitiesPage } from './entities-page.js';
import { formatTime } from './format.js';
import { LabModel } from './model.js';
import { PlaygroundPage } from './playground-page.js';
import { TimelinePage } from './timeline.js';

const model = new LabModel();
const pages = {
  timeline: new TimelinePage(model),
  clock: new ClockPage(model),
  audit: new AuditPage(model),
  entities: new EntitiesPage(model),
  playground: new PlaygroundPage(model),
};
type PageName = keyof typeof pages;
const TITLES: Record<PageName, string> = {
  timeline: 'Timeline',
  clock: 'Clock',
  audit: 'Audit',
  entities: 'Entities',
  playground: 'Policy playground',
};

const main = h('main', { id: 'main', tabindex: -1 });
const nowBadge = h('p', { class: 'now-badge', 'aria-live': 'off' });
const nav = h(
  'nav',
  { 'aria-label': 'Console pages' },
  h(
    'ul',
    null,
    (Object.keys(TITLES) as PageName[]).map((name) => h('li', null, h('a', { href: `#/${name}`, 'data-page': name }, TITLES[name]))),
  ),
);
let current: PageName = 'timeline';

function route(): void {
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  current = name !== undefined && name in pages ? (name as PageName) : 'timeline';
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset['page'] === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${TITLES[current]} · iamlab console`;
  const page = pages[current];
  if (main.firstChild !== page.element) replace(main, page.element);
  if (current === 'audit') void pages.audit.select(rest[0] === undefined || rest[0] === '' ? undefined : decodeURIComponent(rest[0]));
  if (current === 'entities') void pages.entities.show(rest.length === 0 ? undefined : rest.join('/'));
  redraw();
}

let scheduled = false;
function redraw(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    nowBadge.textContent = `virtual now ${formatTime(model.now())}${model.clock.frozen ? ' (frozen)' : ''}`;
    pages[current].render();
  });
}

function askForToken(reason: string): Promise<void> {
  return new Promise((resolve) => {
    const input = h('input', { id: 'admin-token', type: 'password', autocomplete: 'off', required: true });
    const form = h(
      'form',
      {
        class: 'token-form',
        onsubmit: (event) => {
          event.preventDefault();
          setToken(input.value);
          resolve();
        },
      },
      h('h2', null, 'Admin token'),
      h('p', null, reason),
      h('p', null, 'This lab listens beyond loopback, so the console needs its IAMLAB_ADMIN_TOKEN. It is kept in this tab only.'),
      h('label', { for: 'admin-token' }, 'Admin token'),
      input,
      h('button', { type: 'submit' }, 'Open the console'),
    );
    replace(main, form);
    input.focus();
  });
}

async function start(): Promise<void> {
  for (;;) {
    try {
      await model.load();
      break;
    } catch (error) {
      if (!(error instanceof Unauthorized)) {
        replace(main, h('p', { class: 'message', role: 'alert' }, `The lab did not answer: ${String(error)}`));
        await new Promise((resolve) => setTimeout(resolve, 2000));
        continue;
      }
      await askForToken('The lab refused the console’s request: the token is missing or wrong.');
    }
  }
  model.onChange(redraw);
  addEventListener('hashchange', route);
  setInterval(redraw, 1000);
  route();
  const stop = new AbortController();
  let first = true;
  void follow(
    (event) => model.apply(event),
    () => {
      // After a reconnection, what happened meanwhile is read again.
      if (!first) void model.load();
      first = false;
    },
    stop.signal,
  ).catch(() => location.reload());
}

document.body.replaceChildren(
  h('a', { class: 'skip', href: '#main', onclick: (event) => (event.preventDefault(), main.focus()) }, 'Skip to content'),
  h('header', null, h('h1', null, 'iamlab console'), nav, nowBadge),
  main,
);
void start();
