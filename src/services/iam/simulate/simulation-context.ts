/**
 * The request context of a simulation: exactly the `ContextEntries` given. The simulator supplies no global
 * keys of its own (no `aws:CurrentTime`, `aws:username`…): a key a policy needs and the request lacks is
 * reported in `MissingContextValues` instead — the AWS CLI examples pass `aws:CurrentTime` explicitly
 * (awscli `examples/iam/simulate-custom-policy.rst`; IAM API reference, `ContextEntry`).
 * A `…List` type makes the key multi-valued (aws-behaviour.md §7.4); without a type, several values do.
 */
import type { ContextValue, RequestContext } from '../../../policy/evaluator.js';
import { createRequestContext } from '../../../policy/evaluator.js';
import type { ContextEntry } from '../../../protocol/models/iam.js';
import { simulateErrors } from './simulate-errors.js';

export interface SimulationContext {
  readonly context: RequestContext;
  /** Lower-cased names of the keys given. */
  readonly provided: ReadonlySet<string>;
}

export function simulationContext(entries: readonly ContextEntry[] | undefined): SimulationContext {
  const values: Record<string, ContextValue> = {};
  const provided = new Set<string>();
  for (const entry of entries ?? []) {
    const name = entry.ContextKeyName;
    if (name === undefined || name === '') throw simulateErrors.contextKeyName();
    const list = entry.ContextKeyValues ?? [];
    const multi = entry.ContextKeyType === undefined ? list.length > 1 : entry.ContextKeyType.endsWith('List');
    if (!multi && list.length > 1) throw simulateErrors.contextKeyValues(name, entry.ContextKeyType ?? 'string');
    // Keys are case-insensitive (§7.3): a later entry for the same key replaces an earlier one.
    for (const key of Object.keys(values)) if (key.toLowerCase() === name.toLowerCase()) delete values[key];
    values[name] = multi ? list : (list[0] ?? '');
    provided.add(name.toLowerCase());
  }
  return { context: createRequestContext(values), provided };
}

/** The keys of `used` that the context does not give, in `used`'s order. */
export function missingKeys(used: readonly string[], provided: ReadonlySet<string>): string[] {
  return used.filter((key) => !provided.has(key.toLowerCase()));
}
