/**
 * `/_iamlab/reports/*`, what `iamlab report` prints for the security engineer (issue 17), from the same data as
 * IAM's usage answers but as the lab stands now rather than as a stored report:
 * - `GET /_iamlab/reports/credentials[?account=]`: the credential report's columns and rows, and its CSV;
 * - `GET /_iamlab/reports/last-used?principal=<user|role|access key id|ARN>[&account=]`: a user's or role's
 *   services (and actions) with their last request, and the last use of its keys (or of the one key named).
 * Times are virtual (the admin API's frame). Returns undefined for other routes.
 */
import type { Clock } from '../../clock/clock.js';
import type { IamState } from '../../services/iam/iam-state.js';
import { arnOf } from '../../services/iam/iam-index.js';
import type { RoleRecord, UserRecord } from '../../services/iam/records.js';
import { CREDENTIAL_REPORT_COLUMNS, cellText, credentialReportCsv, credentialReportRows } from '../../services/usage/index.js';
import type { UsageDeps } from '../../services/usage/index.js';
import type { StoredAccessKey } from '../../store/repos/identity-repo.js';
import type { Json } from '../../store/port.js';
import { splitTarget } from '../../lib/split-target.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import { jsonResponse } from './json-response.js';

interface ReportsRouteDeps {
  readonly iam: IamState;
  readonly usage: UsageDeps;
  readonly clock: Clock;
  /** The account when the call names none. */
  readonly defaultAccount: string;
}

const PREFIX = '/_iamlab/reports';

const iso = (ms: number): string => new Date(ms).toISOString();

export function reportsRoute(raw: RawRequest, deps: ReportsRouteDeps): RawResponse | undefined {
  const { path, query } = splitTarget(raw.rawTarget);
  const route = path.replace(/\/+$/, '');
  if (route !== PREFIX && !route.startsWith(`${PREFIX}/`)) return undefined;
  if (raw.method !== 'GET') return jsonResponse(405, { error: `\`${raw.method} ${route}\` is not supported: use GET` });
  const params = new URLSearchParams(query);
  const account = params.get('account') ?? deps.defaultAccount;
  if (deps.iam.index.account(account) === undefined) return jsonResponse(404, { error: `no account \`${account}\` in the lab` });
  switch (route) {
    case `${PREFIX}/credentials`:
      return credentials(deps, account);
    case `${PREFIX}/last-used`: {
      const principal = params.get('principal');
      if (principal === null || principal === '')
        return jsonResponse(400, { error: 'needs `principal`: a user or role name, an ARN, or an access key id' });
      return lastUsed(deps, account, principal);
    }
    default:
      return jsonResponse(404, { error: `no admin route \`GET ${route}\`` });
  }
}

function credentials(deps: ReportsRouteDeps, account: string): RawResponse {
  const rows = credentialReportRows(deps.iam.index, deps.usage.usage, deps.usage.facts, account);
  const text = rows.map((row) => row.map((cell) => cellText(cell, (ms) => ms)));
  return jsonResponse(200, {
    account,
    generated: iso(deps.clock.now()),
    columns: [...CREDENTIAL_REPORT_COLUMNS],
    rows: text,
    csv: credentialReportCsv(rows, (ms) => ms),
  });
}

type Subject =
  | { readonly kind: 'user'; readonly record: UserRecord }
  | { readonly kind: 'role'; readonly record: RoleRecord }
  | { readonly kind: 'root' }
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'none' };

/** A user or role by name or ARN (a name both carry must be given as an ARN). */
function subjectNamed(iam: IamState, account: string, principal: string): Subject {
  if (principal.startsWith('arn:')) {
    if (principal === `arn:aws:iam::${account}:root`) return { kind: 'root' };
    for (const kind of ['user', 'role'] as const) {
      const record = iam.index.byName(kind, account, principal.slice(principal.lastIndexOf('/') + 1));
      if (record !== undefined && arnOf(record) === principal)
        return kind === 'user' ? { kind, record: record as UserRecord } : { kind, record: record as RoleRecord };
    }
    return { kind: 'none' };
  }
  const user = iam.index.byName('user', account, principal);
  const role = iam.index.byName('role', account, principal);
  if (user !== undefined && role !== undefined) return { kind: 'ambiguous' };
  if (user !== undefined) return { kind: 'user', record: user };
  return role === undefined ? { kind: 'none' } : { kind: 'role', record: role };
}

function keyJson(deps: ReportsRouteDeps, key: StoredAccessKey): Json {
  const use = deps.usage.usage.keyUse(key.accessKeyId);
  return {
    accessKeyId: key.accessKeyId,
    status: key.status,
    created: iso(key.createdMs),
    lastUsed: use === undefined ? null : iso(use.lastUsedMs),
    service: use?.service ?? null,
    region: use?.region ?? null,
  };
}

function servicesJson(deps: ReportsRouteDeps, account: string, entityId: string): Json {
  return deps.usage.usage
    .servicesOf(account, entityId)
    .sort((a, b) => b.lastMs - a.lastMs)
    .map((use) => ({
      namespace: use.namespace,
      lastUsed: iso(use.lastMs),
      region: use.region,
      actions: Object.entries(use.actions)
        .sort(([, a], [, b]) => b.ms - a.ms)
        .map(([action, last]) => ({ action, lastUsed: iso(last.ms), region: last.region })),
    }));
}

function lastUsed(deps: ReportsRouteDeps, account: string, principal: string): RawResponse {
  const { index } = deps.iam;
  const key = index.accessKey(principal);
  if (key !== undefined && key.account === account) {
    const owner = key.owner.type === 'user' ? index.get('user', key.owner.userId) : undefined;
    return jsonResponse(200, {
      account,
      principal: { type: 'access-key', accessKeyId: key.accessKeyId, owner: owner === undefined ? `arn:aws:iam::${account}:root` : arnOf(owner) },
      keys: [keyJson(deps, key)],
      services: owner === undefined ? [] : servicesJson(deps, account, owner.id),
    });
  }
  const subject = subjectNamed(deps.iam, account, principal);
  switch (subject.kind) {
    case 'none':
      return jsonResponse(404, { error: `no user, role or access key \`${principal}\` in account ${account}` });
    case 'ambiguous':
      return jsonResponse(409, { error: `\`${principal}\` names both a user and a role: give its ARN` });
    case 'root':
      return jsonResponse(200, {
        account,
        principal: { type: 'root', arn: principal },
        keys: index.accessKeysOf(account, { type: 'root' }).map((k) => keyJson(deps, k)),
        services: [],
      });
    case 'user':
    case 'role': {
      const { record } = subject;
      const roleLast = subject.kind === 'role' ? deps.usage.usage.roleLastUsed(account, record.id) : undefined;
      return jsonResponse(200, {
        account,
        principal: { type: subject.kind, name: record.name, arn: arnOf(record), id: record.id },
        keys: subject.kind === 'user' ? index.accessKeysOf(account, { type: 'user', userId: record.id }).map((k) => keyJson(deps, k)) : [],
        ...(subject.kind === 'role' ? { roleLastUsed: roleLast === undefined ? null : { lastUsed: iso(roleLast.ms), region: roleLast.region } } : {}),
        services: servicesJson(deps, account, record.id),
      });
    }
  }
}
