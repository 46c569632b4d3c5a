/**
 * The Entities page: accounts, users (keys, MFA devices, groups), groups, roles (trust, attached and inline
 * policies, boundary, instance profiles, sessions), customer managed policies with their versions, instance
 * profiles, and EC2 instances with their association, metadata endpoint and the credential sets IMDS serves
 * now. A role's page can revoke its active sessions: `POST /_iamlab/revoke-sessions`, the same
 * `AWSRevokeOlderSessions` policy the console of AWS writes (roles of the lab's own account).
 */
import { ApiError, call } from './api.js';
import { h, replace, tableHead } from './dom.js';
import { formatTime } from './format.js';
import type { LabModel } from './model.js';
import { roleOfSession, sessionState } from './timeline.js';

interface Inline {
  readonly name: string;
  readonly text: string;
}

interface RoleView {
  readonly name: string;
  readonly arn: string;
  readonly id: string;
  readonly createdMs: number;
  readonly maxSessionDuration: number;
  readonly trust: string;
  readonly attached: readonly string[];
  readonly inline: readonly Inline[];
  readonly boundaryArn: string | null;
  readonly instanceProfiles: readonly string[];
  readonly revokedBeforeMs: number | null;
}

interface AccountView {
  readonly id: string;
  readonly users: readonly {
    readonly name: string;
    readonly arn: string;
    readonly accessKeys: readonly { readonly accessKeyId: string; readonly status: string; readonly createdMs: number }[];
    readonly mfaDevices: readonly string[];
    readonly groups: readonly string[];
    readonly attached: readonly string[];
    readonly inline: readonly Inline[];
    readonly boundaryArn: string | null;
  }[];
  readonly groups: readonly {
    readonly name: string;
    readonly arn: string;
    readonly members: readonly string[];
    readonly attached: readonly string[];
    readonly inline: readonly Inline[];
  }[];
  readonly roles: readonly RoleView[];
  readonly policies: readonly {
    readonly name: string;
    readonly arn: string;
    readonly defaultVersionId: string;
    readonly versions: readonly { readonly versionId: string; readonly createdMs: number; readonly text: string }[];
  }[];
  readonly instanceProfiles: readonly { readonly name: string; readonly arn: string; readonly roles: readonly string[] }[];
}

interface InstanceView {
  readonly instanceId: string;
  readonly account: string;
  readonly region: string;
  readonly state: string;
  readonly imdsEndpoint: string | null;
  readonly httpTokens: string;
  readonly association: { readonly id: string; readonly profileArn: string; readonly state: string } | null;
  readonly credentials: {
    readonly status: string;
    readonly lastCheckMs: number;
    readonly sets: readonly {
      readonly delivery: string;
      readonly accessKeyId: string;
      readonly roleName: string;
      readonly issuedMs: number;
      readonly expiresMs: number;
    }[];
  } | null;
}

interface EntitiesView {
  readonly defaultAccount: string;
  readonly accounts: readonly AccountView[];
  readonly instances: readonly InstanceView[];
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const list = (items: readonly string[], empty = 'none'): HTMLElement =>
  items.length === 0
    ? h('span', { class: 'none' }, empty)
    : h(
        'ul',
        null,
        items.map((item) => h('li', null, item)),
      );

const inlineList = (inline: readonly Inline[]): HTMLElement =>
  inline.length === 0
    ? h('span', { class: 'none' }, 'none')
    : h(
        'div',
        null,
        inline.map((p) => h('details', null, h('summary', null, p.name), h('pre', null, pretty(p.text)))),
      );

export class EntitiesPage {
  readonly element: HTMLElement;
  readonly #model: LabModel;
  readonly #body: HTMLElement;
  #data: EntitiesView | undefined;
  /** `role/<account>/<name>`, or undefined for the overview. */
  #selected: string | undefined;
  /** What was last drawn from: the page is redrawn only when it changed, so open details stay open. */
  #drawnFrom = '';
  /** The role page's state across redraws: the confirmation shown, the last outcome. */
  #confirming = false;
  #message = '';

  constructor(model: LabModel) {
    this.#model = model;
    this.#body = h('div', { class: 'entities' });
    this.element = h('section', { 'aria-labelledby': 'entities-title' }, h('h2', { id: 'entities-title' }, 'Entities'), this.#body);
  }

  async show(selected: string | undefined): Promise<void> {
    if (selected !== this.#selected) {
      this.#confirming = false;
      this.#message = '';
    }
    this.#selected = selected;
    this.#drawnFrom = '';
    try {
      this.#data = await call<EntitiesView>('/_iamlab/ui/api/entities');
    } catch (error) {
      replace(this.#body, h('p', { class: 'message' }, String(error)));
      return;
    }
    this.render();
  }

  render(): void {
    const data = this.#data;
    if (data === undefined) return;
    // Redrawn when what it shows changed: the sessions, their states, the revocations (not on every tick).
    const now = this.#model.now();
    const from = [
      this.#selected,
      this.#confirming,
      this.#message,
      this.#model.revocations.map((r) => r.cutoffMs).join(),
      [...this.#model.sessions.values()].map((s) => `${s.accessKeyId}:${sessionState(s, now, this.#model.revocations)}`).join(),
    ].join('|');
    if (from === this.#drawnFrom) return;
    this.#drawnFrom = from;
    const [kind, account, name] = (this.#selected ?? '').split('/').map(decodeURIComponent);
    const role = kind === 'role' ? data.accounts.find((a) => a.id === account)?.roles.find((r) => r.name === name) : undefined;
    replace(this.#body, role !== undefined && account !== undefined ? this.#rolePage(role, account, data.defaultAccount) : this.#overview(data));
  }

  #overview(data: EntitiesView): HTMLElement {
    return h(
      'div',
      null,
      data.accounts.map((account) =>
        h(
          'section',
          { class: 'account', 'aria-label': `Account ${account.id}` },
          h('h3', null, `Account ${account.id}${account.id === data.defaultAccount ? ' (the lab’s own)' : ''}`),
          h('h4', null, 'Roles'),
          account.roles.length === 0
            ? h('p', { class: 'none' }, 'none')
            : h(
                'ul',
                { class: 'entity-links' },
                account.roles.map((r) =>
                  h(
                    'li',
                    null,
                    h('a', { href: `#/entities/role/${encodeURIComponent(account.id)}/${encodeURIComponent(r.name)}` }, r.name),
                    r.revokedBeforeMs === null ? '' : ` — sessions before ${formatTime(r.revokedBeforeMs)} revoked`,
                  ),
                ),
              ),
          h('h4', null, 'Users'),
          account.users.length === 0
            ? h('p', { class: 'none' }, 'none')
            : account.users.map((u) =>
                h(
                  'details',
                  { class: 'entity' },
                  h('summary', null, u.name),
                  h(
                    'dl',
                    null,
                    h('dt', null, 'ARN'),
                    h('dd', null, u.arn),
                    h('dt', null, 'Access keys'),
                    h('dd', null, list(u.accessKeys.map((k) => `${k.accessKeyId} (${k.status}, created ${formatTime(k.createdMs)})`))),
                    h('dt', null, 'MFA devices'),
                    h('dd', null, list(u.mfaDevices)),
                    h('dt', null, 'Groups'),
                    h('dd', null, list(u.groups)),
                    h('dt', null, 'Attached policies'),
                    h('dd', null, list(u.attached)),
                    h('dt', null, 'Inline policies'),
                    h('dd', null, inlineList(u.inline)),
                    h('dt', null, 'Permissions boundary'),
                    h('dd', null, u.boundaryArn ?? 'none'),
                  ),
                ),
              ),
          h('h4', null, 'Groups'),
          account.groups.length === 0
            ? h('p', { class: 'none' }, 'none')
            : account.groups.map((g) =>
                h(
                  'details',
                  { class: 'entity' },
                  h('summary', null, g.name),
                  h(
                    'dl',
                    null,
                    h('dt', null, 'Members'),
                    h('dd', null, list(g.members)),
                    h('dt', null, 'Attached'),
                    h('dd', null, list(g.attached)),
                    h('dt', null, 'Inline'),
                    h('dd', null, inlineList(g.inline)),
                  ),
                ),
              ),
          h('h4', null, 'Customer managed policies'),
          account.policies.length === 0
            ? h('p', { class: 'none' }, 'none')
            : account.policies.map((p) =>
                h(
                  'details',
                  { class: 'entity' },
                  h('summary', null, `${p.name} (default ${p.defaultVersionId})`),
                  p.versions.map((v) =>
                    h(
                      'div',
                      null,
                      h('h5', null, `${v.versionId}${v.versionId === p.defaultVersionId ? ' (default)' : ''}, ${formatTime(v.createdMs)}`),
                      h('pre', null, pretty(v.text)),
                    ),
                  ),
                ),
              ),
          h('h4', null, 'Instance profiles'),
          list(account.instanceProfiles.map((p) => `${p.name}: ${p.roles.join(', ') || 'no role'}`)),
        ),
      ),
      h('h3', null, 'EC2 instances'),
      data.instances.length === 0
        ? h('p', { class: 'none' }, 'none')
        : h(
            'table',
            null,
            tableHead(['Instance', 'State', 'Metadata endpoint', 'Association', 'Credentials IMDS serves now']),
            h(
              'tbody',
              null,
              data.instances.map((i) =>
                h(
                  'tr',
                  null,
                  h('td', null, `${i.instanceId} (${i.account}, ${i.region})`),
                  h('td', null, i.state),
                  h('td', null, i.imdsEndpoint ?? '—', ` (tokens ${i.httpTokens})`),
                  h('td', null, i.association === null ? 'none' : `${i.association.profileArn} (${i.association.state}, ${i.association.id})`),
                  h(
                    'td',
                    null,
                    i.credentials === null
                      ? 'none'
                      : [
                          `profile: ${i.credentials.status}`,
                          list(
                            i.credentials.sets.map(
                              (s) => `IMDSv${s.delivery === '2.0' ? 2 : 1}: ${s.accessKeyId} of ${s.roleName}, expires ${formatTime(s.expiresMs)}`,
                            ),
                          ),
                        ],
                  ),
                ),
              ),
            ),
          ),
    );
  }

  #rolePage(role: RoleView, account: string, defaultAccount: string): HTMLElement {
    const now = this.#model.now();
    const sessions = [...this.#model.sessions.values()].filter((s) => {
      const of = roleOfSession(s);
      return of !== undefined && of.account === account && of.roleName === role.name;
    });
    const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' }, this.#message);
    const confirm = h('div', { class: 'confirm', hidden: !this.#confirming });
    const revoke = async (): Promise<void> => {
      this.#confirming = false;
      try {
        const result = await call<{ cutoff: string }>('/_iamlab/revoke-sessions', { role: role.name });
        this.#message = `Sessions of ${role.name} issued before ${result.cutoff} are revoked.`;
        await this.#model.reloadRevocations();
        const keep = this.#message;
        await this.show(this.#selected);
        this.#message = keep;
      } catch (error) {
        this.#message = error instanceof ApiError ? `Refused: ${error.message}` : String(error);
      }
      this.render();
    };
    replace(
      confirm,
      h('p', null, `Every session of ${role.name} issued before now will be denied everything, by an inline policy AWSRevokeOlderSessions.`),
      h('button', { type: 'button', class: 'danger', onclick: () => void revoke() }, 'Revoke now'),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            this.#confirming = false;
            this.render();
          },
        },
        'Cancel',
      ),
    );
    return h(
      'article',
      { class: 'role-page', 'aria-labelledby': 'role-title' },
      h('p', null, h('a', { href: '#/entities' }, '← all entities')),
      h('h3', { id: 'role-title' }, `Role ${role.name}`),
      h(
        'div',
        { class: 'toolbar' },
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            disabled: account !== defaultAccount,
            title: account === defaultAccount ? null : 'the admin API revokes sessions of the lab’s own account only',
            onclick: () => {
              this.#confirming = true;
              this.render();
            },
          },
          'Revoke active sessions',
        ),
      ),
      confirm,
      message,
      h(
        'dl',
        null,
        h('dt', null, 'ARN'),
        h('dd', null, role.arn),
        h('dt', null, 'Unique id'),
        h('dd', null, role.id),
        h('dt', null, 'Maximum session duration'),
        h('dd', null, `${role.maxSessionDuration / 3600}h`),
        h('dt', null, 'Sessions revoked'),
        h('dd', null, role.revokedBeforeMs === null ? 'none' : `those issued before ${formatTime(role.revokedBeforeMs)}`),
        h('dt', null, 'Permissions boundary'),
        h('dd', null, role.boundaryArn ?? 'none'),
        h('dt', null, 'Attached policies'),
        h('dd', null, list(role.attached)),
        h('dt', null, 'Inline policies'),
        h('dd', null, inlineList(role.inline)),
        h('dt', null, 'Instance profiles'),
        h('dd', null, list(role.instanceProfiles)),
      ),
      h('h4', null, 'Trust policy'),
      h('pre', null, pretty(role.trust)),
      h('h4', null, 'Sessions'),
      list(
        sessions.map(
          (s) =>
            `${s.arn} ${s.accessKeyId}: issued ${formatTime(s.issuedMs)}, expires ${formatTime(s.expiresMs)} — ${sessionState(s, now, this.#model.revocations)}`,
        ),
      ),
    );
  }
}
