/** `iamlab events`: the audit trail, one line per request; `--follow` keeps printing new ones. */
import type { AuditEvent } from '../../audit/audit-event.js';
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';
import { wholeNumberOption } from '../command.js';

const EVENTS_HELP = `Usage: iamlab events [--denied] [--principal <arn>] [--limit <n>] [--follow] [--json]

Prints the audit trail: one event per request, with who made it, what it asked, the decision and the error.
  --denied             only requests that were denied or failed
  --principal <arn>    only requests by this principal (user, role session or root ARN)
  --limit <n>          how many of the newest events to show first (default 50)
  --follow             keep printing events as they happen (Ctrl-C to stop)
  --json               one JSON object per line
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)

Explain one decision in words: iamlab explain <request-id>
`;

/** An audit event as the admin API returns it: the stored event and its sequence number. */
export type AuditEventView = AuditEvent & { readonly seq: number };

interface EventsOptions {
  readonly denied: boolean;
  readonly principal: string | undefined;
  readonly limit: number;
  readonly follow: boolean;
  readonly json: boolean;
  /** Polling interval for --follow, in ms. */
  readonly pollMs?: number;
  /** Stops --follow (tests); by default it runs until the process is interrupted. */
  readonly signal?: AbortSignal;
}

export async function events(client: AdminClient, options: EventsOptions, io: Io): Promise<ExitCode> {
  const filter = `${options.denied ? '&denied=true' : ''}${options.principal === undefined ? '' : `&principal=${encodeURIComponent(options.principal)}`}`;
  const newest = await fetchEvents(client, `events?order=newest&limit=${options.limit}${filter}`);
  const shown = [...newest].reverse();
  for (const event of shown) io.out(formatEvent(event, options.json));
  if (!options.follow) return 0;
  let after = shown.at(-1)?.seq ?? (await latestSeq(client));
  while (options.signal?.aborted !== true) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    const fresh = await fetchEvents(client, `events?after=${after}&limit=1000${filter}`);
    for (const event of fresh) io.out(formatEvent(event, options.json));
    after = fresh.at(-1)?.seq ?? after;
  }
  return 0;
}

async function fetchEvents(client: AdminClient, path: string): Promise<AuditEventView[]> {
  const body = (await client.get(path)) as { events: AuditEventView[] };
  return body.events;
}

/** With nothing shown yet, --follow starts after the newest event of any kind. */
async function latestSeq(client: AdminClient): Promise<number> {
  const [last] = await fetchEvents(client, 'events?order=newest&limit=1');
  return last?.seq ?? 0;
}

function formatEvent(event: AuditEventView, json: boolean): string {
  if (json) return JSON.stringify(event);
  const time = new Date(event.timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const outcome = event.errorCode ?? (event.decision === 'Allowed' || event.decision === null ? 'OK' : 'DENIED');
  const what = event.action ?? (event.operation === null ? '-' : `${event.service ?? '?'}:${event.operation}`);
  const resource = event.resources.length === 0 ? '' : ` on ${event.resources.join(', ')}`;
  const anyKey = event.acceptedAnyKey === undefined ? '' : ` (--accept-any-key: unknown key ${event.accessKeyId ?? '?'})`;
  return `${time}  ${String(event.status).padEnd(3)} ${outcome.padEnd(22)} ${event.principalArn ?? 'anonymous'}${anyKey}  ${what}${resource}  [${event.requestId}]`;
}

/**
 * What `--accept-any-key` did to a request, in words (design.md "Accepting any key"), or undefined when it
 * played no part.
 */
export function anyKeyNote(event: AuditEventView): string | undefined {
  const accepted = event.acceptedAnyKey;
  if (accepted === undefined) return undefined;
  const token = accepted.sessionTokenIgnored ? ', and its session token, not one the lab issued, ignored' : '';
  return `accepted as root of ${accepted.account} by --accept-any-key: unknown access key ${event.accessKeyId ?? '?'}, signature not verified${token}`;
}

export const eventsCommand: Command = {
  kind: 'parsed',
  name: 'events',
  synopsis: 'events',
  summary: 'the audit trail: one line per request (--follow, --denied, --principal)',
  help: EVENTS_HELP,
  options: { denied: { type: 'boolean' }, follow: { type: 'boolean', short: 'f' }, principal: { type: 'string' }, limit: { type: 'string' } },
  run: ({ values, json, io, client }) => {
    const limit = wholeNumberOption(values['limit'], 50, 1, Number.MAX_SAFE_INTEGER);
    if (limit === undefined) {
      io.err('iamlab events: --limit takes a whole number of 1 or more');
      return 2;
    }
    const principal = typeof values['principal'] === 'string' ? values['principal'] : undefined;
    return events(client(), { denied: values['denied'] === true, principal, limit, follow: values['follow'] === true, json }, io);
  },
};
