/** `iamlab explain <request-id>`: why one request was allowed or denied, in words. */
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { AuditEventView } from './events.js';
import { anyKeyNote } from './events.js';
import type { Command } from '../command.js';

const EXPLAIN_HELP = `Usage: iamlab explain <request-id> | --last | --last-denied [--json]

Explains one request from the audit trail: who made it, what it asked for, what the lab answered, and which
policy statements decided — or that none allowed it. Request ids are in every AWS response
(x-amzn-RequestId, RequestId) and in \`iamlab events\`.
  --last               the newest request instead
  --last-denied        the newest request that was denied or failed
  --json               the stored event as JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

type Which = { readonly kind: 'id'; readonly requestId: string } | { readonly kind: 'last'; readonly denied: boolean };

async function explain(client: AdminClient, which: Which, json: boolean, io: Io): Promise<ExitCode> {
  const query =
    which.kind === 'id'
      ? `events?request-id=${encodeURIComponent(which.requestId)}&limit=1`
      : `events?order=newest&limit=1${which.denied ? '&denied=true' : ''}`;
  const body = (await client.get(query)) as { events: AuditEventView[] };
  const [event] = body.events;
  if (event === undefined) {
    io.err(
      which.kind === 'id'
        ? `iamlab explain: no request \`${which.requestId}\` in the audit trail (it keeps the newest events only)`
        : `iamlab explain: the audit trail holds no ${which.denied ? 'denied or failed ' : ''}request yet`,
    );
    return 1;
  }
  io.out(json ? JSON.stringify(event, null, 2) : explainEvent(event));
  return 0;
}

/** Which request `explain` was asked about, or what is wrong with the way it was asked. */
function whichRequest(args: readonly string[], last: boolean, lastDenied: boolean): Which | string {
  const ways = args.length + (last ? 1 : 0) + (lastDenied ? 1 : 0);
  if (ways === 0) return 'needs a request id, --last or --last-denied';
  if (ways > 1) return 'takes one request: a request id, --last or --last-denied';
  const [requestId] = args;
  return requestId === undefined ? { kind: 'last', denied: lastDenied } : { kind: 'id', requestId };
}

function explainEvent(event: AuditEventView): string {
  const lines = [
    `request    ${event.requestId} at ${new Date(event.timeMs).toISOString()} (virtual time)`,
    `principal  ${event.principalArn ?? 'anonymous (no valid credentials)'}${event.accessKeyId === null ? '' : ` with key ${event.accessKeyId}`}`,
    ...noteLines(event),
    `asked      ${event.action ?? `${event.service ?? '?'}:${event.operation ?? '?'}`}${event.resources.length === 0 ? '' : ` on ${event.resources.join(', ')}`}`,
    `from       ${event.sourceIp}${event.userAgent === '' ? '' : ` (${event.userAgent.split(' ')[0] ?? ''})`}`,
    `answer     ${event.status}${event.errorCode === null ? ' OK' : ` ${event.errorCode}: ${event.errorMessage ?? ''}`}`,
  ];
  if (event.decision === null) {
    lines.push(
      '',
      event.errorCode === null ? 'No authorization was needed.' : 'The request failed before authorization, so no policy was evaluated.',
    );
    return lines.join('\n');
  }
  lines.push(`decision   ${event.decision}`);
  if (event.decidedBy !== null) lines.push(`why        ${event.decidedBy}`);
  const details = renderExplanation(event.explanation);
  if (details.length > 0) lines.push('', ...details);
  return lines.join('\n');
}

/** A line saying the lab relaxed AWS's rules for this request (`--accept-any-key`), when it did. */
function noteLines(event: AuditEventView): string[] {
  const note = anyKeyNote(event);
  return note === undefined ? [] : [`note       ${note} (a lab relaxation: AWS refuses a key it does not know)`];
}

interface TraceLike {
  readonly policy?: { readonly name?: string; readonly kind?: string; readonly arn?: string };
  readonly statementIndex?: number;
  readonly sid?: string;
  readonly effect?: string;
  readonly applies?: boolean;
  readonly action?: string;
  readonly resource?: string;
  readonly principal?: string;
  readonly conditions?: readonly {
    readonly operator?: string;
    readonly key?: string;
    readonly values?: readonly string[];
    readonly outcome?: string;
    /** The request's values for the key (absent: it held none). */
    readonly context?: readonly string[];
  }[];
}

interface StatementRefLike {
  readonly policy?: { readonly name?: string; readonly kind?: string };
  readonly statementIndex?: number;
  readonly sid?: string;
}

interface ResultLike {
  readonly action?: string;
  readonly resource?: string;
  readonly decision?: string;
  readonly reason?: { readonly kind?: string; readonly via?: string; readonly statements?: readonly StatementRefLike[] };
  /** Present for denials: the statements considered (at most 20: the audit trail keeps those that matter). */
  readonly trace?: readonly TraceLike[];
  readonly traceOmitted?: { readonly statements?: number; readonly actionDoesNotMatch?: number; readonly resourceDoesNotMatch?: number };
}

/**
 * The evaluator's explanation as the authorizer stores it: one result per action and resource checked, each
 * with the trace of every statement considered. Free text (`{text}`) is shown as it is.
 */
function renderExplanation(explanation: unknown): string[] {
  if (explanation === null || typeof explanation !== 'object') return [];
  if (!Array.isArray(explanation)) {
    const { text } = explanation as { text?: unknown };
    return typeof text === 'string' && text !== '' ? text.split('\n') : [];
  }
  const lines: string[] = [];
  for (const result of explanation as ResultLike[]) {
    lines.push(`${result.action ?? '?'} on ${result.resource ?? '?'}: ${result.decision ?? '?'}`);
    if (result.trace === undefined) {
      // Allowed: the statements that allowed it (the full trace is kept for denials only).
      const allowing = result.reason?.statements ?? [];
      if (result.reason?.via === 'root') lines.push('  the account root may do anything in its own account');
      for (const ref of allowing) lines.push(`  allowed by ${statementName(ref)}`);
      continue;
    }
    if (result.trace.length === 0) lines.push('  no statement of the policies considered mentions it (the caller has none that could apply)');
    for (const statement of result.trace) lines.push(`  ${describeStatement(statement)}`);
    const omitted = result.traceOmitted;
    if (omitted !== undefined) {
      lines.push(
        `  … ${omitted.statements ?? 0} more statements not kept (${omitted.actionDoesNotMatch ?? 0} whose action does not match, ${omitted.resourceDoesNotMatch ?? 0} whose resource does not match)`,
      );
    }
  }
  return lines;
}

function statementName(s: StatementRefLike): string {
  const policy = `${s.policy?.kind ?? ''} policy ${s.policy?.name ?? '?'}`.trim();
  return `${policy}, statement ${s.sid === undefined ? `#${(s.statementIndex ?? 0) + 1}` : `"${s.sid}"`}`;
}

function describeStatement(s: TraceLike): string {
  const where = `${statementName(s)} (${s.effect ?? '?'})`;
  const conditions = (s.conditions ?? []).map((c) => `${c.operator ?? '?'} ${c.key ?? '?'} ${JSON.stringify(c.values ?? [])}`);
  if (s.applies === true) return `${where}: applies${conditions.length === 0 ? '' : ` (${conditions.join(', ')} held)`}`;
  const misses: string[] = [];
  if (s.action !== undefined && s.action !== 'match') misses.push('action does not match');
  if (s.resource !== undefined && s.resource !== 'match') misses.push('resource does not match');
  if (s.principal === 'none') misses.push('principal does not match');
  for (const condition of s.conditions ?? []) {
    if (condition.outcome === 'match') continue;
    const held = condition.context === undefined ? 'the request has no such key' : `the request has ${JSON.stringify(condition.context)}`;
    misses.push(
      `condition ${condition.operator ?? '?'} ${condition.key ?? '?'} ${JSON.stringify(condition.values ?? [])}: ${String(condition.outcome)} (${held})`,
    );
  }
  return `${where}: does not apply — ${misses.length === 0 ? 'see the trace' : misses.join('; ')}`;
}

export const explainCommand: Command = {
  kind: 'parsed',
  name: 'explain',
  synopsis: 'explain <request-id>',
  summary: 'why a request was allowed or denied, in words (--last, --last-denied)',
  help: EXPLAIN_HELP,
  options: { last: { type: 'boolean' }, 'last-denied': { type: 'boolean' } },
  run: ({ args, values, json, io, client }) => {
    const which = whichRequest(args, values['last'] === true, values['last-denied'] === true);
    if (typeof which === 'string') {
      io.err(`iamlab explain: ${which}\n\n${EXPLAIN_HELP}`);
      return 2;
    }
    return explain(client(), which, json, io);
  },
};
