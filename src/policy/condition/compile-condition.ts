/**
 * Compiles one `operator -> key -> values` entry of a Condition block into a ready-to-test form: values are
 * parsed once per family (numbers, dates, CIDRs, base64, patterns with policy variables), so evaluation never
 * re-parses policy text (aws-behaviour.md §7.3–§7.5).
 */
import type { Pattern } from '../match/pattern.js';
import { compilePattern, patternHasVariables, patternLiteral } from '../match/pattern.js';
import type { CidrValue } from './parse-ip.js';
import { parseCidr } from './parse-ip.js';
import { parseDate, parseNumber } from './parse-date.js';
import type { Family, OperatorSpec, SetQualifier } from './operators.js';
import { parseOperator } from './operators.js';

export type CompiledValues =
  | { readonly family: 'string-set'; readonly set: ReadonlySet<string> }
  | { readonly family: 'string-patterns'; readonly patterns: readonly Pattern[]; readonly expand: boolean }
  | { readonly family: 'numbers'; readonly numbers: readonly number[] }
  | { readonly family: 'bool'; readonly values: readonly string[] }
  | { readonly family: 'binary'; readonly values: readonly Buffer[] }
  | { readonly family: 'ip'; readonly cidrs: readonly CidrValue[] }
  | { readonly family: 'arn'; readonly arns: readonly (readonly Pattern[])[] }
  | { readonly family: 'null'; readonly wantAbsent: boolean; readonly wantPresent: boolean };

export interface CompiledCondition {
  /** The operator and key as written (explanations). */
  readonly operator: string;
  readonly key: string;
  readonly keyLower: string;
  readonly rawValues: readonly string[];
  readonly known: boolean;
  readonly family: Family;
  readonly spec: OperatorSpec;
  readonly set: SetQualifier;
  readonly ifExists: boolean;
  readonly values: CompiledValues;
}

const UNKNOWN_SPEC: OperatorSpec = { family: 'null', comparison: 'eq', negated: false };

/** Splits an ARN into its six parts; the resource part keeps any further colons (§7.3). */
export function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

function compileValues(spec: OperatorSpec, values: readonly string[], variables: boolean): CompiledValues {
  switch (spec.family) {
    case 'string': {
      const ignoreCase = spec.comparison === 'eqi';
      const wildcards = spec.comparison === 'like';
      const patterns = values.map((v) => compilePattern(v, { wildcards, variables, ignoreCase }));
      if (!wildcards && !patterns.some(patternHasVariables)) {
        // Built from the compiled literal so escapes such as `${*}` are already resolved (§7.5).
        return { family: 'string-set', set: new Set(patterns.map((p) => patternLiteral(p) ?? '')) };
      }
      return { family: 'string-patterns', patterns, expand: !wildcards };
    }
    case 'numeric':
    case 'date': {
      const parse = spec.family === 'numeric' ? parseNumber : parseDate;
      const numbers: number[] = [];
      for (const v of values) {
        const n = parse(v);
        if (n !== undefined) numbers.push(n);
      }
      return { family: 'numbers', numbers };
    }
    case 'bool':
      return { family: 'bool', values: values.map((v) => v.toLowerCase()) };
    case 'binary':
      return { family: 'binary', values: values.map((v) => Buffer.from(v, 'base64')) };
    case 'ip': {
      const cidrs: CidrValue[] = [];
      for (const v of values) {
        const c = parseCidr(v);
        if (c !== undefined) cidrs.push(c);
      }
      return { family: 'ip', cidrs };
    }
    case 'arn': {
      const arns: Pattern[][] = [];
      for (const v of values) {
        const parts = splitArn(v);
        if (parts !== undefined) arns.push(parts.map((p) => compilePattern(p, { wildcards: true, variables, ignoreCase: false })));
      }
      return { family: 'arn', arns };
    }
    case 'null': {
      const lower = values.map((v) => v.toLowerCase());
      return { family: 'null', wantAbsent: lower.includes('true'), wantPresent: lower.includes('false') };
    }
  }
}

export function compileCondition(operator: string, key: string, values: readonly string[], variables: boolean): CompiledCondition {
  const parsed = parseOperator(operator);
  const base = { operator, key, keyLower: key.toLowerCase(), rawValues: values };
  if (!parsed.known) {
    return {
      ...base,
      known: false,
      family: 'null',
      spec: UNKNOWN_SPEC,
      set: 'none',
      ifExists: false,
      values: { family: 'null', wantAbsent: false, wantPresent: false },
    };
  }
  return {
    ...base,
    known: true,
    family: parsed.spec.family,
    spec: parsed.spec,
    set: parsed.set,
    ifExists: parsed.ifExists,
    values: compileValues(parsed.spec, values, variables),
  };
}
