/**
 * What the evaluator returns: the three-valued decision (aws-behaviour.md §7.1), what decided it, and — when
 * asked for — a trace of every statement and why it did or did not apply (audit trail, §7.7 wording).
 */
import type { PolicySource } from '../compile/compiled-policy.js';
import type { ConditionOutcome } from '../condition/evaluate-condition.js';
import type { GrantLevel } from '../principal/compile-principal.js';
import type { RequestPrincipal } from '../principal/request-principal.js';
import type { Decision, Effect } from '../types.js';

export interface StatementRef {
  readonly policy: PolicySource;
  readonly statementIndex: number;
  readonly sid?: string;
}

/** The policy type whose allow was missing: words of §7.7 / §1.4 are chosen from it. */
export type MissingAllow = 'identity' | 'boundary' | 'session' | 'resource' | 'trust';

export type DecisionReason =
  /** `via`: which side granted (`root`: the account's root user in its own account, §7.1 step 1). */
  | { readonly kind: 'allowed'; readonly via: 'identity' | 'resource' | 'trust' | 'root'; readonly statements: readonly StatementRef[] }
  | { readonly kind: 'explicit-deny'; readonly statement: StatementRef }
  | { readonly kind: 'no-allow'; readonly missing: MissingAllow }
  /** §1.3: `Roles may not be assumed by root accounts.` */
  | { readonly kind: 'root-cannot-assume-role' };

export type MatchOutcome = 'match' | 'no-match' | 'absent';

export interface ConditionTrace {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly outcome: ConditionOutcome;
  /** The values the request's context held for the key, compared with `values`; absent when it held none. */
  readonly context?: readonly string[];
}

export interface StatementTrace {
  readonly policy: PolicySource;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly applies: boolean;
  readonly action: MatchOutcome;
  readonly resource: MatchOutcome;
  /** `not-applicable` for identity, boundary and session policies (they have no Principal). */
  readonly principal: GrantLevel | 'not-applicable';
  readonly conditions: readonly ConditionTrace[];
}

export interface AuthorizationResult {
  readonly decision: Decision;
  readonly action: string;
  readonly resource: string;
  readonly principal: RequestPrincipal;
  readonly reason: DecisionReason;
  /** Present when the request asked for `explain`. */
  readonly trace?: readonly StatementTrace[];
}
