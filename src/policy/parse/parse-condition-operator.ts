/**
 * Condition operator names (aws-behaviour.md §7.3, §7.4): a base operator, optionally suffixed `IfExists`
 * (every base except `Null`) and optionally prefixed `ForAllValues:` / `ForAnyValue:`. Names are
 * case-sensitive as written in the IAM reference; anything else is a syntax error when the operator's block
 * names at least one key (recorded cases 52, 53 vs. the accepted `{"a": {}}`).
 */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

interface ConditionOperator {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly name: string;
  /** Base name without prefix or suffix, e.g. `StringLike`. */
  readonly base: string;
  readonly family: OperatorFamily;
  readonly ifExists: boolean;
  readonly set: 'ForAllValues' | 'ForAnyValue' | undefined;
}

const BASES: ReadonlyMap<string, OperatorFamily> = new Map<string, OperatorFamily>([
  ...['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'].map(
    (n) => [n, 'String'] as const,
  ),
  ...['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].flatMap((s) => [
    [`Numeric${s}`, 'Numeric'] as const,
    [`Date${s}`, 'Date'] as const,
  ]),
  ['Bool', 'Bool'],
  ['BinaryEquals', 'Binary'],
  ['IpAddress', 'Ip'],
  ['NotIpAddress', 'Ip'],
  ...['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'].map((n) => [n, 'Arn'] as const),
  ['Null', 'Null'],
]);

const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;
const IF_EXISTS = 'IfExists';

export function parseConditionOperator(name: string): ConditionOperator | undefined {
  let rest = name;
  let set: ConditionOperator['set'];
  for (const prefix of SET_PREFIXES) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  let family = BASES.get(rest);
  let ifExists = false;
  if (family === undefined && rest.endsWith(IF_EXISTS)) {
    rest = rest.slice(0, -IF_EXISTS.length);
    family = BASES.get(rest);
    ifExists = true;
    if (family === 'Null') return undefined;
  }
  if (family === undefined) return undefined;
  return { name, base: rest, family, ifExists, set };
}

/** Every accepted operator name, for tests and documentation. */
export function allConditionOperatorNames(): readonly string[] {
  const names: string[] = [];
  for (const [base, family] of BASES) {
    const bases = family === 'Null' ? [base] : [base, `${base}${IF_EXISTS}`];
    for (const b of bases) names.push(b, ...SET_PREFIXES.map((p) => `${p}:${b}`));
  }
  return names;
}
