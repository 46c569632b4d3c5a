/**
 * The condition operator table (aws-behaviour.md §7.3): each base operator's value family, comparison and
 * whether it is negated. Looked up case-insensitively; the `ForAllValues:`/`ForAnyValue:` prefixes and the
 * `IfExists` suffix are split off by `parseOperator`.
 */
export type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
export type Comparison = 'eq' | 'eqi' | 'like' | 'lt' | 'le' | 'gt' | 'ge';
export type SetQualifier = 'none' | 'all' | 'any';

export interface OperatorSpec {
  readonly family: Family;
  readonly comparison: Comparison;
  readonly negated: boolean;
}

const spec = (family: Family, comparison: Comparison, negated = false): OperatorSpec => ({ family, comparison, negated });

const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map([
  ['stringequals', spec('string', 'eq')],
  ['stringnotequals', spec('string', 'eq', true)],
  ['stringequalsignorecase', spec('string', 'eqi')],
  ['stringnotequalsignorecase', spec('string', 'eqi', true)],
  ['stringlike', spec('string', 'like')],
  ['stringnotlike', spec('string', 'like', true)],
  ['numericequals', spec('numeric', 'eq')],
  ['numericnotequals', spec('numeric', 'eq', true)],
  ['numericlessthan', spec('numeric', 'lt')],
  ['numericlessthanequals', spec('numeric', 'le')],
  ['numericgreaterthan', spec('numeric', 'gt')],
  ['numericgreaterthanequals', spec('numeric', 'ge')],
  ['dateequals', spec('date', 'eq')],
  ['datenotequals', spec('date', 'eq', true)],
  ['datelessthan', spec('date', 'lt')],
  ['datelessthanequals', spec('date', 'le')],
  ['dategreaterthan', spec('date', 'gt')],
  ['dategreaterthanequals', spec('date', 'ge')],
  ['bool', spec('bool', 'eq')],
  ['binaryequals', spec('binary', 'eq')],
  ['ipaddress', spec('ip', 'eq')],
  ['notipaddress', spec('ip', 'eq', true)],
  ['arnequals', spec('arn', 'like')],
  ['arnlike', spec('arn', 'like')],
  ['arnnotequals', spec('arn', 'like', true)],
  ['arnnotlike', spec('arn', 'like', true)],
  ['null', spec('null', 'eq')],
]);

type ParsedOperator =
  { readonly known: true; readonly spec: OperatorSpec; readonly set: SetQualifier; readonly ifExists: boolean } | { readonly known: false };

export function parseOperator(operator: string): ParsedOperator {
  let rest = operator.trim().toLowerCase();
  let set: SetQualifier = 'none';
  if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  } else if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('ifexists') && rest !== 'null') {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const found = OPERATORS.get(rest);
  if (found === undefined || (found.family === 'null' && (ifExists || set !== 'none'))) return { known: false };
  return { known: true, spec: found, set, ifExists };
}
