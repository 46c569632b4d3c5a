/** The compiled form of a policy document: built once by `compilePolicy`, shared by every evaluation. */
import type { CompiledCondition } from '../condition/compile-condition.js';
import type { Pattern } from '../match/pattern.js';
import type { CompiledPrincipal } from '../principal/compile-principal.js';
import type { Effect, PolicyKind } from '../types.js';

export interface PolicySource {
  readonly name: string;
  readonly arn?: string;
  readonly kind: PolicyKind;
}

/** Action patterns split into an exact-name set (one hash lookup) and the wildcard rest. */
export interface ActionMatcher {
  readonly exact: ReadonlySet<string>;
  readonly patterns: readonly Pattern[];
}

export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** `undefined` when the statement has neither Action nor NotAction (it matches nothing). */
  readonly actions: ActionMatcher | undefined;
  readonly notAction: boolean;
  /** `undefined` when the statement has neither Resource nor NotResource. */
  readonly resources: readonly Pattern[] | undefined;
  readonly notResource: boolean;
  readonly principal: CompiledPrincipal | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly source: PolicySource;
  /** True for Version 2012-10-17 (policy variables are expanded); false for 2008-10-17 or none. */
  readonly variables: boolean;
  readonly statements: readonly CompiledStatement[];
}
