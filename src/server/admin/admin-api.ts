/**
 * The admin API under `/_iamlab/` on the gateway's port: health, clock, root credentials, events, reset, and
 * the console (`/_iamlab/ui`).
 * JSON in, JSON out. Open on loopback; when the lab listens on another address every call needs
 * `Authorization: Bearer <admin token>` (design.md "Security defaults").
 */
import { secretsEqual } from '../../lib/equal-secrets.js';
import { formatDuration, parseDuration } from '../../clock/duration.js';
import { parseInstant } from '../../clock/instant.js';
import type { ClockState } from '../../clock/clock.js';
import type { Json } from '../../store/port.js';
import { isStoreUnavailable } from '../../store/store-unavailable.js';
import { headerValue } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import type { AdminDeps, ClockCommand } from './admin-deps.js';
import { jsonResponse } from './json-response.js';
import { jsonObjectBody } from './json-object-body.js';

const ADMIN_PREFIX = '/_iamlab/';

export function isAdminRequest(rawTarget: string): boolean {
  return rawTarget.startsWith(ADMIN_PREFIX) || rawTarget === '/_iamlab';
}

export async function handleAdmin(raw: RawRequest, deps: AdminDeps): Promise<RawResponse> {
  if (deps.catchUp !== undefined) {
    try {
      await deps.catchUp();
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      return jsonResponse(503, { error: `the lab's store is unavailable: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  // A container presents its task's or pod's token, not the admin token (aws-behaviour.md §4.7).
  const agent = deps.containerAgents(raw);
  if (agent !== undefined) return agent;
  const adminAuthorized = authorized(raw, deps.adminToken);
  // An issuer's discovery document and keys are public, as an identity provider's are: verifiers fetch them without the admin token.
  const oidc = deps.oidcRoute(raw, adminAuthorized);
  if (oidc !== undefined) return oidc;
  // The console's page loads without the token (it then asks for it); its data needs it (design.md "The console").
  const consolePage = deps.consoleRoute(raw, adminAuthorized);
  if (consolePage !== undefined) return consolePage;
  if (!adminAuthorized) return jsonResponse(401, { error: 'the admin API needs `Authorization: Bearer <token>` off loopback' });
  const instances = deps.instancesRoute(raw);
  if (instances !== undefined) return instances;
  const containers = deps.containersRoute(raw);
  if (containers !== undefined) return containers;
  const saml = deps.samlRoute(raw);
  if (saml !== undefined) return saml;
  const reports = deps.reportsRoute(raw);
  if (reports !== undefined) return reports;
  const { path, query } = splitTarget(raw.rawTarget);
  const params = new URLSearchParams(query);
  const route = `${raw.method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_iamlab/health':
      return jsonResponse(200, {
        status: 'ok',
        version: deps.version,
        store: deps.storeKind,
        clock: clockJson(deps.clockState()),
        ...asObject(deps.health()),
      });
    case 'GET /_iamlab/clock':
      return jsonResponse(200, { ...clockJson(deps.clockState()), history: deps.clockHistory().map((change) => ({ ...change })) });
    case 'POST /_iamlab/clock': {
      const command = parseClockCommand(raw.body);
      if (typeof command === 'string') return jsonResponse(400, { error: command });
      const result = await deps.moveClock(command);
      return result.kind === 'ok' ? jsonResponse(200, clockJson(result.state)) : jsonResponse(409, { error: result.reason });
    }
    case 'GET /_iamlab/credentials/root': {
      const credentials = await deps.rootCredentials(params.get('account') ?? undefined);
      return credentials === undefined ? jsonResponse(404, { error: 'no such account' }) : jsonResponse(200, { ...credentials });
    }
    case 'GET /_iamlab/accounts':
      return jsonResponse(200, { accounts: [...(await deps.listAccounts())] });
    case 'POST /_iamlab/accounts': {
      const account = parseJsonField(raw.body, 'account');
      if (account === undefined || !/^\d{12}$/.test(account)) return jsonResponse(400, { error: 'the body must be JSON with `account`, 12 digits' });
      const created = await deps.createAccount(account);
      return created === undefined ? jsonResponse(409, { error: `account ${account} already exists` }) : jsonResponse(201, { ...created });
    }
    case 'GET /_iamlab/mfa/code': {
      const serial = params.get('serial');
      const count = Number(params.get('count') ?? '1');
      if (serial === null || !Number.isInteger(count) || count < 1 || count > 10) {
        return jsonResponse(400, { error: 'needs `serial` and a `count` from 1 to 10' });
      }
      const codes = deps.mfaCodes(serial, count);
      return codes === undefined
        ? jsonResponse(404, { error: `no virtual MFA device \`${serial}\` in the lab` })
        : jsonResponse(200, { ...codes, codes: [...codes.codes] });
    }
    case 'GET /_iamlab/events': {
      const limit = Number(params.get('limit') ?? '100');
      const after = params.get('after');
      if (after !== null && !/^\d{1,15}$/.test(after)) return jsonResponse(400, { error: '`after` takes the seq of an event, a whole number' });
      const principal = params.get('principal');
      const requestId = params.get('request-id');
      const events = await deps.queryEvents({
        limit: Number.isFinite(limit) && limit > 0 ? Math.min(limit, 10_000) : 100,
        deniedOnly: params.get('denied') === 'true',
        newestFirst: params.get('order') === 'newest',
        ...(after === null ? {} : { afterSeq: Number(after) }),
        ...(principal === null ? {} : { principalArn: principal }),
        ...(requestId === null ? {} : { requestId }),
      });
      return jsonResponse(200, { events: events.map((event) => ({ seq: event.seq, ...asObject(event.body) })) });
    }
    case 'POST /_iamlab/revoke-sessions': {
      const role = parseJsonField(raw.body, 'role');
      if (role === undefined) return jsonResponse(400, { error: 'the body must be JSON with `role`, a role name' });
      const result = await deps.revokeSessions(role);
      // The admin API's answer keeps its own shape (`ok: true`), whatever the result's type inside calls it.
      return result.kind === 'ok'
        ? jsonResponse(200, { ok: true, roleName: result.roleName, cutoff: result.cutoff, requestId: result.requestId })
        : jsonResponse(result.status, { error: `${result.code}: ${result.message}`, code: result.code });
    }
    case 'POST /_iamlab/reset':
      await deps.reset();
      return jsonResponse(200, { status: 'reset' });
    default:
      return jsonResponse(404, { error: `no admin route \`${route}\`` });
  }
}

function clockJson(state: ClockState): { [key: string]: Json } {
  return {
    virtualNow: new Date(state.virtualNowMs).toISOString(),
    wallNow: new Date(state.wallNowMs).toISOString(),
    offsetMs: state.offsetMs,
    offset: formatDuration(state.offsetMs),
    frozen: state.frozen,
  };
}

function parseClockCommand(body: Buffer): ClockCommand | string {
  const value = jsonObjectBody(body, { emptyIsObject: true });
  if (typeof value === 'string') return value;
  const { action, by, to } = value;
  switch (action) {
    case 'advance': {
      const byMs = typeof by === 'number' ? by * 1000 : typeof by === 'string' ? parseDuration(by) : undefined;
      return byMs === undefined ? 'advance needs `by`, a duration such as `90m` or `6h`' : { action, byMs };
    }
    case 'set': {
      if (typeof to !== 'string') return 'set needs `to`, an ISO-8601 time such as `2030-01-01T00:00:00Z`';
      const parsed = parseInstant(to);
      return parsed.kind === 'ok' ? { action, toMs: parsed.ms } : parsed.reason;
    }
    case 'freeze':
    case 'resume':
      return { action };
    default:
      return 'action must be one of `advance`, `set`, `freeze`, `resume`';
  }
}

function parseJsonField(body: Buffer, field: string): string | undefined {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
    return typeof found === 'string' && found !== '' ? found : undefined;
  } catch {
    return undefined;
  }
}

function authorized(raw: RawRequest, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = headerValue(raw.headers, 'authorization') ?? '';
  return secretsEqual(header.replace(/^Bearer\s+/i, ''), token);
}

function asObject(value: Json): { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { [key: string]: Json }) : {};
}
