/**
 * The policy engine's shared vocabulary (aws-behaviour.md §7). Parsing/validation (`policy/parse`,
 * `policy/validate`) produces a `PolicyDocument`; the evaluator compiles it once and decides requests.
 * This module is pure: no I/O, no clock, no randomness.
 */

/** What a document is used as; each kind has its own validation rules. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

export type Effect = 'Allow' | 'Deny';

/** `"*"` or a map from principal type to the values listed (always arrays after normalisation). */
export type PrincipalSpec =
  | '*'
  | {
      readonly AWS?: readonly string[];
      readonly Service?: readonly string[];
      readonly Federated?: readonly string[];
      readonly CanonicalUser?: readonly string[];
    };

/** operator (as written, e.g. `ForAnyValue:StringLikeIfExists`) -> condition key (as written) -> values. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** A statement after normalisation: every string-or-array element is an array of strings. */
export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly condition?: ConditionBlock;
}

export interface PolicyDocument {
  /** `2012-10-17`, `2008-10-17`, or absent (treated as 2008: no policy variables). */
  readonly version?: string;
  readonly id?: string;
  /** True when `Statement` was a single object rather than an array (kept for faithful round trips). */
  readonly statementWasObject?: boolean;
  readonly statements: readonly Statement[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
