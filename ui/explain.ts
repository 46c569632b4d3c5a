/**
 * An explanation as the console shows it: the audit event's (or the playground's) results, each statement
 * the evaluator considered with why it did or did not apply, and the policy documents with the deciding
 * statement highlighted and each of its conditions beside the value the request carried for the key.
 */
import { h, tableHead } from './dom.js';

interface PolicyRef {
  readonly kind?: string;
  readonly name?: string;
  readonly arn?: string;
}

interface ConditionTrace {
  readonly operator?: string;
  readonly key?: string;
  readonly values?: readonly string[];
  readonly outcome?: string;
  readonly context?: readonly string[];
}

interface StatementTrace {
  readonly policy?: PolicyRef;
  readonly statementIndex?: number;
  readonly sid?: string;
  readonly effect?: string;
  readonly applies?: boolean;
  readonly action?: string;
  readonly resource?: string;
  readonly principal?: string;
  readonly conditions?: readonly ConditionTrace[];
}

interface StatementRef {
  readonly policy?: PolicyRef;
  readonly statementIndex?: number;
  readonly sid?: string;
}

interface Result {
  readonly action?: string;
  readonly resource?: string;
  readonly decision?: string;
  readonly reason?: {
    readonly kind?: string;
    readonly via?: string;
    readonly missing?: string;
    readonly statement?: StatementRef;
    readonly statements?: readonly StatementRef[];
  };
  readonly trace?: readonly StatementTrace[];
}

export interface PolicyDocumentView {
  readonly policy: PolicyRef;
  readonly text: string | null;
}

const samePolicy = (a: PolicyRef | undefined, b: PolicyRef | undefined): boolean =>
  a !== undefined && b !== undefined && a.kind === b.kind && (a.arn ?? a.name) === (b.arn ?? b.name);

function policyName(p: PolicyRef | undefined): string {
  return `${p?.kind ?? '?'} policy ${p?.arn ?? p?.name ?? '?'}`;
}

function statementName(s: StatementRef): string {
  return `statement ${s.statementIndex ?? '?'}${s.sid === undefined ? '' : ` (${s.sid})`} of ${policyName(s.policy)}`;
}

/** The statements that decided each result: the explicit deny, or the allowing ones. */
function deciding(result: Result): StatementRef[] {
  const reason = result.reason;
  if (reason?.kind === 'explicit-deny' && reason.statement !== undefined) return [reason.statement];
  if (reason?.kind === 'allowed') return [...(reason.statements ?? [])];
  return [];
}

function outcomeWords(t: StatementTrace): string {
  if (t.applies === true) return 'applies';
  const misses: string[] = [];
  if (t.action !== 'match') misses.push('action does not match');
  if (t.resource !== 'match') misses.push('resource does not match');
  if (t.principal === 'none') misses.push('principal does not match');
  for (const c of t.conditions ?? []) if (c.outcome !== 'match') misses.push(`condition ${c.operator ?? '?'} ${c.key ?? '?'}: ${c.outcome ?? '?'}`);
  return `does not apply: ${misses.join('; ') || 'see the trace'}`;
}

function conditionTable(conditions: readonly ConditionTrace[]): HTMLElement {
  return h(
    'table',
    { class: 'conditions' },
    tableHead(['Operator', 'Key', 'Policy values', 'Request value', 'Outcome']),
    h(
      'tbody',
      null,
      conditions.map((c) =>
        h(
          'tr',
          { class: c.outcome === 'match' ? 'holds' : 'fails' },
          h('td', null, c.operator ?? '?'),
          h('td', null, h('code', null, c.key ?? '?')),
          h('td', null, h('code', null, JSON.stringify(c.values ?? []))),
          h('td', null, c.context === undefined ? h('em', null, 'absent from the request') : h('code', null, JSON.stringify(c.context))),
          h('td', null, c.outcome ?? '?'),
        ),
      ),
    ),
  );
}

/** The document split into its statements, the deciding ones marked; the text as stored when it is not JSON. */
function documentView(doc: PolicyDocumentView, decidingIndexes: ReadonlySet<number>, traces: readonly StatementTrace[]): HTMLElement {
  if (doc.text === null) return h('p', { class: 'note' }, `The document of ${policyName(doc.policy)} is not available to the console.`);
  let parsed: { Statement?: unknown } & Record<string, unknown>;
  try {
    parsed = JSON.parse(doc.text) as typeof parsed;
  } catch {
    return h('pre', null, doc.text);
  }
  const statements = Array.isArray(parsed.Statement) ? (parsed.Statement as unknown[]) : parsed.Statement === undefined ? [] : [parsed.Statement];
  const { Statement: _statement, ...head } = parsed;
  const indent = (text: string): string => text.replace(/^/gm, '    ');
  return h(
    'div',
    { class: 'policy-document' },
    h(
      'pre',
      null,
      `{\n${Object.entries(head)
        .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`)
        .join('')}  "Statement": [`,
    ),
    statements.map((statement, index) => {
      const isDeciding = decidingIndexes.has(index);
      const trace = traces.find((t) => t.statementIndex === index);
      return h(
        'div',
        { class: isDeciding ? 'statement deciding' : 'statement', ...(isDeciding ? { 'aria-label': `deciding statement ${index}` } : {}) },
        isDeciding ? h('p', { class: 'deciding-label' }, `▶ deciding statement ${index}`) : null,
        h('pre', null, indent(JSON.stringify(statement, null, 2)) + (index < statements.length - 1 ? ',' : '')),
        trace !== undefined && (trace.conditions ?? []).length > 0 ? conditionTable(trace.conditions ?? []) : null,
      );
    }),
    h('pre', null, '  ]\n}'),
  );
}

export function explanationView(explanation: unknown, documents: readonly PolicyDocumentView[]): HTMLElement {
  if (!Array.isArray(explanation)) {
    const text = (explanation as { text?: unknown } | null)?.text;
    return h('p', null, typeof text === 'string' ? text : 'No policy was evaluated for this request.');
  }
  const results = explanation as Result[];
  const allTraces = results.flatMap((r) => r.trace ?? []);
  const allDeciding = results.flatMap(deciding);
  return h(
    'div',
    { class: 'explanation' },
    results.map((result) => {
      const decidedBy = deciding(result);
      return h(
        'section',
        { class: 'result' },
        h(
          'h4',
          null,
          `${result.action ?? '?'} on ${result.resource ?? '?'}: `,
          h('span', { class: `decision ${result.decision ?? ''}` }, result.decision ?? '?'),
        ),
        decidedBy.length > 0
          ? h(
              'p',
              { class: 'deciding-statement' },
              result.reason?.kind === 'explicit-deny' ? 'Denied by ' : 'Allowed by ',
              decidedBy.map(statementName).join(' and '),
            )
          : h(
              'p',
              { class: 'deciding-statement' },
              result.reason?.kind === 'no-allow'
                ? `No ${result.reason.missing ?? ''} policy statement allows it (implicit deny).`
                : result.reason?.via === 'root'
                  ? 'The account root may do anything in its own account.'
                  : (result.reason?.kind ?? ''),
            ),
        result.trace === undefined
          ? null
          : h(
              'ul',
              { class: 'trace' },
              result.trace.length === 0 ? h('li', null, 'No statement of the policies considered mentions it.') : null,
              result.trace.map((t) =>
                h('li', { class: t.applies === true ? 'applies' : '' }, `${statementName(t)} (${t.effect ?? '?'}): ${outcomeWords(t)}`),
              ),
            ),
      );
    }),
    documents.map((doc) =>
      h(
        'section',
        { class: 'document' },
        h('h4', null, policyName(doc.policy)),
        documentView(
          doc,
          new Set(allDeciding.filter((s) => samePolicy(s.policy, doc.policy)).map((s) => s.statementIndex ?? -1)),
          allTraces.filter((t) => samePolicy(t.policy, doc.policy)),
        ),
      ),
    ),
  );
}
