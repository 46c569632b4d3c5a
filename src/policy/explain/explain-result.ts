/** Human words for a decision and, when traced, for every statement (audit trail, console). */
import type { PolicySource } from '../compile/compiled-policy.js';
import type { AuthorizationResult, StatementRef, StatementTrace } from '../evaluate/authorization-result.js';
import { callerArn } from '../principal/request-principal.js';

function policyName(p: PolicySource): string {
  return `${p.kind} policy \`${p.arn ?? p.name}\``;
}

function statementName(r: { readonly statementIndex: number; readonly sid?: string }): string {
  return r.sid === undefined ? `statement ${r.statementIndex}` : `statement ${r.statementIndex} (\`${r.sid}\`)`;
}

function refText(r: StatementRef): string {
  return `${statementName(r)} of ${policyName(r.policy)}`;
}

function whyNot(t: StatementTrace): string {
  if (t.action !== 'match') return t.action === 'absent' ? 'it has no action' : 'action does not match';
  if (t.resource !== 'match') return t.resource === 'absent' ? 'it has no resource' : 'resource does not match';
  if (t.principal === 'none') return 'principal does not match';
  const failed = t.conditions.find((c) => c.outcome !== 'match');
  if (failed !== undefined) return `condition \`${failed.operator}\` on \`${failed.key}\` is ${failed.outcome.replace('-', ' ')}`;
  return 'it applies';
}

function explainStatement(t: StatementTrace): string {
  const head = `${statementName(t)} of ${policyName(t.policy)} (${t.effect})`;
  if (t.applies) {
    const via = t.principal === 'not-applicable' || t.principal === 'direct' ? '' : ` via ${t.principal} principal`;
    return `${head}: applies${via}`;
  }
  return `${head}: does not apply, ${whyNot(t)}`;
}

/** The decision in one line: who did what on what, and which statements decided it (or why nothing did). */
export function explainSummary(result: AuthorizationResult): string {
  const who = callerArn(result.principal);
  const r = result.reason;
  let summary: string;
  switch (r.kind) {
    case 'allowed':
      summary = r.via === 'root' ? `allowed: \`${who}\` is the account's root user` : `allowed by ${r.statements.map(refText).join(' and ')}`;
      break;
    case 'explicit-deny':
      summary = `explicitly denied by ${refText(r.statement)}`;
      break;
    case 'no-allow':
      summary = `implicitly denied: no ${r.missing} policy allows \`${result.action}\``;
      break;
    case 'root-cannot-assume-role':
      summary = 'denied: roles may not be assumed by root accounts';
      break;
  }
  return `${result.decision}: \`${who}\` \`${result.action}\` on \`${result.resource}\`: ${summary}`;
}

/** The summary line, then a line for every statement of the trace, when there is one. */
export function explainResult(result: AuthorizationResult): string {
  const lines = [explainSummary(result)];
  for (const t of result.trace ?? []) lines.push(`  ${explainStatement(t)}`);
  return lines.join('\n');
}
