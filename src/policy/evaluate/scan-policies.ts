/**
 * Runs one group of policies (all identity policies, the boundary, the session policies, or the resource /
 * trust policy) against a request: the first matching Deny, the first matching Allow and, for policies with
 * a Principal element, how strongly the allowing statements name the caller (aws-behaviour.md §7.1, §7.2).
 * The fast path allocates nothing; with a trace array every statement is examined in full.
 */
import type { CompiledPolicy, CompiledStatement } from '../compile/compiled-policy.js';
import { conditionOutcome } from '../condition/evaluate-condition.js';
import type { RequestContext } from '../context/request-context.js';
import { matchPattern } from '../match/pattern.js';
import type { GrantLevel } from '../principal/compile-principal.js';
import { notPrincipalMatches, principalGrant } from '../principal/compile-principal.js';
import type { RequestPrincipal } from '../principal/request-principal.js';
import type { ConditionTrace, MatchOutcome, StatementTrace } from './authorization-result.js';

export interface ScanInput {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly actionLower: string;
  readonly resource: string;
  readonly context: RequestContext;
  /** §7.2 / IAM-UG NotPrincipal: a Deny with NotPrincipal always applies to a caller with a boundary. */
  readonly hasBoundary: boolean;
}

export interface ScanResult {
  denyPolicy: CompiledPolicy | undefined;
  deny: CompiledStatement | undefined;
  allowPolicy: CompiledPolicy | undefined;
  allow: CompiledStatement | undefined;
  grant: GrantLevel;
}

const RANK: Readonly<Record<GrantLevel, number>> = { none: 0, account: 1, role: 2, direct: 3 };

export function emptyScan(): ScanResult {
  return { denyPolicy: undefined, deny: undefined, allowPolicy: undefined, allow: undefined, grant: 'none' };
}

function actionOutcome(s: CompiledStatement, actionLower: string): MatchOutcome {
  const a = s.actions;
  if (a === undefined) return 'absent';
  let hit = a.exact.has(actionLower);
  if (!hit) {
    for (const p of a.patterns) {
      if (matchPattern(p, actionLower, EMPTY_CONTEXT)) {
        hit = true;
        break;
      }
    }
  }
  return hit !== s.notAction ? 'match' : 'no-match';
}

function resourceOutcome(s: CompiledStatement, policy: CompiledPolicy, input: ScanInput): MatchOutcome {
  const resources = s.resources;
  // Trust policies have no Resource element: the role itself is the resource (§1.3).
  if (resources === undefined) return policy.source.kind === 'trust' ? 'match' : 'absent';
  let hit = false;
  for (const p of resources) {
    if (matchPattern(p, input.resource, input.context)) {
      hit = true;
      break;
    }
  }
  return hit !== s.notResource ? 'match' : 'no-match';
}

function principalOutcome(s: CompiledStatement, policy: CompiledPolicy, input: ScanInput): GrantLevel | 'not-applicable' {
  const kind = policy.source.kind;
  if (kind !== 'resource' && kind !== 'trust') return 'not-applicable';
  if (s.principal === undefined) return 'none';
  if (!s.notPrincipal) return principalGrant(s.principal, input.principal);
  if (s.effect === 'Deny' && input.hasBoundary) return 'direct';
  return notPrincipalMatches(s.principal, input.principal) ? 'direct' : 'none';
}

const EMPTY_CONTEXT: RequestContext = { entries: new Map() };

function record(out: ScanResult, policy: CompiledPolicy, s: CompiledStatement, grant: GrantLevel | 'not-applicable'): void {
  if (s.effect === 'Deny') {
    if (out.deny === undefined) {
      out.deny = s;
      out.denyPolicy = policy;
    }
    return;
  }
  if (out.allow === undefined) {
    out.allow = s;
    out.allowPolicy = policy;
  }
  if (grant !== 'not-applicable' && RANK[grant] > RANK[out.grant]) out.grant = grant;
}

function traceStatement(policy: CompiledPolicy, s: CompiledStatement, input: ScanInput): StatementTrace {
  const action = actionOutcome(s, input.actionLower);
  const resource = resourceOutcome(s, policy, input);
  const principal = principalOutcome(s, policy, input);
  const conditions: ConditionTrace[] = s.conditions.map((c) => {
    const held = input.context.entries.get(c.keyLower)?.values;
    return {
      operator: c.operator,
      key: c.key,
      values: c.rawValues,
      outcome: conditionOutcome(c, input.context),
      ...(held === undefined ? {} : { context: held }),
    };
  });
  const applies = action === 'match' && resource === 'match' && principal !== 'none' && conditions.every((c) => c.outcome === 'match');
  return {
    policy: policy.source,
    statementIndex: s.index,
    ...(s.sid === undefined ? {} : { sid: s.sid }),
    effect: s.effect,
    applies,
    action,
    resource,
    principal,
    conditions,
  };
}

export function scanPolicies(
  policies: readonly CompiledPolicy[],
  input: ScanInput,
  out: ScanResult,
  trace: StatementTrace[] | undefined,
): ScanResult {
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (trace !== undefined) {
        const t = traceStatement(policy, s, input);
        trace.push(t);
        if (t.applies) record(out, policy, s, t.principal);
        continue;
      }
      // Once an allow is known, only denies can change the outcome — but a stronger grant can still
      // matter for resource policies, so allows are skipped only where no principal is involved.
      if (s.effect === 'Allow' && out.allow !== undefined && (out.grant === 'direct' || s.principal === undefined)) continue;
      if (actionOutcome(s, input.actionLower) !== 'match') continue;
      if (resourceOutcome(s, policy, input) !== 'match') continue;
      const grant = principalOutcome(s, policy, input);
      if (grant === 'none') continue;
      let ok = true;
      for (const c of s.conditions) {
        if (conditionOutcome(c, input.context) !== 'match') {
          ok = false;
          break;
        }
      }
      if (ok) record(out, policy, s, grant);
    }
  }
  return out;
}
