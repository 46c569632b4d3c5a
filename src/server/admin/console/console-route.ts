/**
 * The console at `/_iamlab/ui` (design.md "The console"), loaded by the admin API on the first request for it.
 * The page and its script and style are the same for everyone (they ship in the package) and are served
 * without the admin token, so that a browser off loopback can load the page, which then asks for the token;
 * everything under `/_iamlab/ui/api/` answers only with it, under the admin API's rule (`adminAuthorized`).
 * The page also calls the admin API itself for the clock, the audit trail and revocations.
 */
import { splitTarget } from '../../../lib/split-target.js';
import type { RawRequest, RawResponse } from '../../raw-http.js';
import { jsonObjectBody } from '../json-object-body.js';
import { jsonResponse } from '../json-response.js';
import { clockView } from './console-clock.js';
import type { ConsoleDeps } from './console-deps.js';
import { entities, listAccounts } from './console-entities.js';
import { explainRequest } from './console-explain.js';
import { CONSOLE_PREFIX } from './console-path.js';
import { playground } from './console-playground.js';
import { listRevocations, listSessions } from './console-sessions.js';
import { staticFile } from './console-static.js';
import { consoleStream } from './console-stream.js';

const API_PREFIX = `${CONSOLE_PREFIX}/api/`;
/** Sessions that expired longer ago than this are left off the timeline unless asked for. */
const DEFAULT_SESSION_WINDOW_MS = 7 * 24 * 3600_000;

export async function consoleRoute(raw: RawRequest, adminAuthorized: boolean, deps: ConsoleDeps): Promise<RawResponse> {
  const { path, query } = splitTarget(raw.rawTarget);
  if (path === CONSOLE_PREFIX || path === `${CONSOLE_PREFIX}/`) return staticFile(raw, 'index.html') as RawResponse;
  if (!path.startsWith(API_PREFIX)) {
    return staticFile(raw, path.slice(CONSOLE_PREFIX.length + 1)) ?? jsonResponse(404, { error: `no console file \`${path}\`` });
  }
  if (!adminAuthorized) return jsonResponse(401, { error: 'the console needs `Authorization: Bearer <token>` off loopback' });
  const params = new URLSearchParams(query);
  const route = `${raw.method} ${path.slice(API_PREFIX.length)}`;
  switch (route) {
    case 'GET stream':
      return consoleStream(deps);
    case 'GET overview':
      return jsonResponse(200, { defaultAccount: deps.defaultAccount, clock: clockView(deps.clock) });
    case 'GET sessions': {
      const from = params.get('expiring-after');
      if (from !== null && !/^\d{1,15}$/.test(from)) return jsonResponse(400, { error: '`expiring-after` takes epoch milliseconds' });
      return jsonResponse(200, await listSessions(deps, from === null ? deps.clock.now() - DEFAULT_SESSION_WINDOW_MS : Number(from)));
    }
    case 'GET revocations':
      return jsonResponse(200, { revocations: listRevocations(deps.iam, await listAccounts(deps)).map((r) => ({ ...r })) });
    case 'GET entities':
      return jsonResponse(200, await entities(deps));
    case 'GET explain': {
      const requestId = params.get('request-id');
      if (requestId === null || requestId === '') return jsonResponse(400, { error: 'needs `request-id`' });
      await deps.audit.flush();
      const found = await explainRequest(deps, requestId);
      return found === undefined ? jsonResponse(404, { error: `no request \`${requestId}\` in the audit trail` }) : jsonResponse(200, found);
    }
    case 'POST playground': {
      const input = jsonObjectBody(raw.body);
      if (typeof input === 'string') return jsonResponse(400, { error: input });
      const answer = playground(deps, input);
      return jsonResponse(answer.status, answer.body);
    }
    default:
      return jsonResponse(404, { error: `no console route \`${raw.method} ${path}\`` });
  }
}
