/**
 * Tests one compiled condition against the request context (aws-behaviour.md §7.3, §7.4):
 * - key absent (or an empty multi-valued key): `…IfExists` → true; `ForAllValues:` → true; `ForAnyValue:` →
 *   false; otherwise positive operators → false and negated operators → true;
 * - a request value of the wrong type (not a number, date or address) → false, negated or not;
 * - single-valued operators over several request values: positive → any value matches, negated → none does;
 * - `ForAllValues:` every request value satisfies the operator; `ForAnyValue:` at least one does.
 */
import type { ContextEntry, RequestContext } from '../context/request-context.js';
import { expandPattern, matchPattern } from '../match/pattern.js';
import type { CompiledCondition } from './compile-condition.js';
import { splitArn } from './compile-condition.js';
import type { IpValue } from './parse-ip.js';
import { cidrContains, parseIp } from './parse-ip.js';
import { parseDate, parseNumber } from './parse-date.js';

export type ConditionOutcome = 'match' | 'no-match' | 'key-missing' | 'type-mismatch' | 'unknown-operator';

function numbersOf(entry: ContextEntry, dates: boolean): readonly (number | null)[] {
  if (dates) {
    entry.dates ??= entry.values.map((v) => parseDate(v) ?? null);
    return entry.dates;
  }
  entry.numbers ??= entry.values.map((v) => parseNumber(v) ?? null);
  return entry.numbers;
}

function ipsOf(entry: ContextEntry): readonly (IpValue | null)[] {
  entry.ips ??= entry.values.map((v) => parseIp(v) ?? null);
  return entry.ips;
}

function lowerOf(entry: ContextEntry): readonly string[] {
  entry.lower ??= entry.values.map((v) => v.toLowerCase());
  return entry.lower;
}

function compare(comparison: CompiledCondition['spec']['comparison'], a: number, b: number): boolean {
  switch (comparison) {
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    default:
      return a === b;
  }
}

/** Does request value `i` match at least one policy value? (`null` = the request value has the wrong type.) */
function matchOne(c: CompiledCondition, entry: ContextEntry, i: number, context: RequestContext): boolean | null {
  const v = c.values;
  switch (v.family) {
    case 'string-set':
      return v.set.has(c.spec.comparison === 'eqi' ? (lowerOf(entry)[i] ?? '') : (entry.values[i] ?? ''));
    case 'string-patterns': {
      const ignoreCase = c.spec.comparison === 'eqi';
      const subject = ignoreCase ? (lowerOf(entry)[i] ?? '') : (entry.values[i] ?? '');
      for (const p of v.patterns) {
        if (v.expand ? expandPattern(p, context, ignoreCase) === subject : matchPattern(p, subject, context)) return true;
      }
      return false;
    }
    case 'numbers': {
      const n = numbersOf(entry, c.family === 'date')[i];
      if (n === null || n === undefined) return null;
      for (const p of v.numbers) if (compare(c.spec.comparison, n, p)) return true;
      return false;
    }
    case 'bool':
      return v.values.includes(lowerOf(entry)[i] ?? '');
    case 'binary': {
      const bytes = Buffer.from(entry.values[i] ?? '', 'base64');
      return v.values.some((b) => b.equals(bytes));
    }
    case 'ip': {
      const ip = ipsOf(entry)[i];
      if (ip === null || ip === undefined) return null;
      for (const cidr of v.cidrs) if (cidrContains(cidr, ip)) return true;
      return false;
    }
    case 'arn': {
      const parts = splitArn(entry.values[i] ?? '');
      if (parts === undefined) return false;
      outer: for (const arn of v.arns) {
        for (let k = 0; k < 6; k++) {
          const pattern = arn[k];
          if (pattern === undefined || !matchPattern(pattern, parts[k] ?? '', context)) continue outer;
        }
        return true;
      }
      return false;
    }
    case 'null':
      return false;
  }
}

export function conditionOutcome(c: CompiledCondition, context: RequestContext): ConditionOutcome {
  if (!c.known) return 'unknown-operator';
  const entry = context.entries.get(c.keyLower);
  const present = entry !== undefined && entry.values.length > 0;
  if (c.values.family === 'null') {
    return (present ? c.values.wantPresent : c.values.wantAbsent) ? 'match' : 'no-match';
  }
  if (!present) {
    if (c.ifExists || c.set === 'all') return 'match';
    if (c.set === 'any') return 'key-missing';
    return c.spec.negated ? 'match' : 'key-missing';
  }
  const negated = c.spec.negated;
  const count = entry.values.length;
  switch (c.set) {
    case 'none': {
      let any = false;
      for (let i = 0; i < count; i++) {
        const m = matchOne(c, entry, i, context);
        if (m === null) return 'type-mismatch';
        if (m) any = true;
      }
      return any !== negated ? 'match' : 'no-match';
    }
    case 'all':
      for (let i = 0; i < count; i++) {
        const m = matchOne(c, entry, i, context);
        if (m === null) return 'type-mismatch';
        if (m === negated) return 'no-match';
      }
      return 'match';
    case 'any': {
      let found = false;
      for (let i = 0; i < count; i++) {
        const m = matchOne(c, entry, i, context);
        if (m === null) return 'type-mismatch';
        if (m !== negated) found = true;
      }
      return found ? 'match' : 'no-match';
    }
  }
}
