/**
 * Compiles a normalised `PolicyDocument` once: wildcards to matchers, condition values parsed (dates, numbers,
 * CIDRs, base64, ARNs), principals to sets. Compiled statements are cached by document content so the same
 * text attached to many roles is compiled once (aws-behaviour.md §7.2–§7.5).
 */
import { compileCondition } from '../condition/compile-condition.js';
import type { CompiledCondition } from '../condition/compile-condition.js';
import type { Pattern } from '../match/pattern.js';
import { compilePattern } from '../match/pattern.js';
import { compilePrincipal } from '../principal/compile-principal.js';
import type { PolicyDocument, Statement } from '../types.js';
import type { ActionMatcher, CompiledPolicy, CompiledStatement, PolicySource } from './compiled-policy.js';

const CACHE_LIMIT = 4096;
const byContent = new Map<string, { variables: boolean; statements: readonly CompiledStatement[] }>();
const byObject = new WeakMap<PolicyDocument, { variables: boolean; statements: readonly CompiledStatement[] }>();

function compileActions(actions: readonly string[]): ActionMatcher {
  const exact = new Set<string>();
  const patterns: Pattern[] = [];
  for (const action of actions) {
    const pattern = compilePattern(action, { wildcards: true, variables: false, ignoreCase: true });
    if (pattern.kind === 'exact') exact.add(pattern.text);
    else patterns.push(pattern);
  }
  return { exact, patterns };
}

function compileConditions(statement: Statement, variables: boolean): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) out.push(compileCondition(operator, key, values, variables));
  }
  return out;
}

function compileStatement(statement: Statement, index: number, variables: boolean): CompiledStatement {
  const actionList = statement.action ?? statement.notAction;
  const resourceList = statement.resource ?? statement.notResource;
  const principalSpec = statement.principal ?? statement.notPrincipal;
  return {
    index,
    ...(statement.sid === undefined ? {} : { sid: statement.sid }),
    effect: statement.effect,
    actions: actionList === undefined ? undefined : compileActions(actionList),
    notAction: statement.action === undefined && statement.notAction !== undefined,
    resources: resourceList?.map((r) => compilePattern(r, { wildcards: true, variables, ignoreCase: false })),
    notResource: statement.resource === undefined && statement.notResource !== undefined,
    principal: principalSpec === undefined ? undefined : compilePrincipal(principalSpec),
    notPrincipal: statement.principal === undefined && statement.notPrincipal !== undefined,
    conditions: compileConditions(statement, variables),
  };
}

function compileDocument(doc: PolicyDocument): { variables: boolean; statements: readonly CompiledStatement[] } {
  // §7.2: only Version 2012-10-17 enables `${…}` policy variables; 2008-10-17 or no Version keeps them literal.
  const variables = doc.version === '2012-10-17';
  return { variables, statements: doc.statements.map((s, i) => compileStatement(s, i, variables)) };
}

function cached(doc: PolicyDocument): { variables: boolean; statements: readonly CompiledStatement[] } {
  const hit = byObject.get(doc);
  if (hit !== undefined) return hit;
  const key = JSON.stringify(doc);
  let compiled = byContent.get(key);
  if (compiled === undefined) {
    compiled = compileDocument(doc);
    if (byContent.size >= CACHE_LIMIT) {
      const oldest = byContent.keys().next();
      if (oldest.done !== true) byContent.delete(oldest.value);
    }
    byContent.set(key, compiled);
  }
  byObject.set(doc, compiled);
  return compiled;
}

/**
 * The compiled policy, from the cache when the same content was compiled before. The caches are memos of
 * `compilePolicyUncached`, a pure function of the document's content; a property test pins the two together
 * (test/policy/compile-cache.test.ts).
 */
export function compilePolicy(doc: PolicyDocument, source: PolicySource): CompiledPolicy {
  const { variables, statements } = cached(doc);
  return { source, variables, statements };
}

/** The reference the caches stand for: a fresh compile every time. */
export function compilePolicyUncached(doc: PolicyDocument, source: PolicySource): CompiledPolicy {
  const { variables, statements } = compileDocument(doc);
  return { source, variables, statements };
}
