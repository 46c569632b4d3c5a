import type { DraftDocument } from '../parse/draft.js';
import { parseConditionOperator, type OperatorFamily } from '../parse/parse-condition-operator.js';
import { malformed, type PolicyIssue } from '../parse/policy-issue.js';

/**
 * Things IAM accepts silently but that almost certainly do not do what the author meant: repeated JSON
 * keys (the last one wins; terraform-provider-aws#33026) and condition values the operator can never match
 * (a type mismatch makes the condition false, aws-behaviour.md §7.3). Dates are not here: IAM rejects them.
 * Messages follow Cedar's rules: lowercase, no final period, user input in backticks.
 */
export function collectWarnings(draft: DraftDocument, duplicateKeys: readonly string[]): PolicyIssue[] {
  const warnings = duplicateKeys.map((path) =>
    malformed(`duplicate key \`${path.replace(/^\$\.?/, '')}\`: only its last value is used`, path.replace(/^\$\.?/, '')),
  );
  for (const s of draft.statements) {
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
      const family = parseConditionOperator(operator)?.family;
      if (family === undefined) continue;
      for (const [key, values] of Object.entries(block)) {
        for (const value of values) {
          const problem = valueProblem(family, value);
          if (problem !== undefined) {
            warnings.push(
              malformed(
                `value \`${value}\` of \`${operator}\` key \`${key}\` ${problem}, so it never matches`,
                `${s.path}.Condition.${operator}.${key}`,
              ),
            );
          }
        }
      }
    }
  }
  return warnings;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function valueProblem(family: OperatorFamily, value: string): string | undefined {
  switch (family) {
    case 'Numeric':
      return NUMBER.test(value) ? undefined : 'is not a number';
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(value) ? undefined : 'is neither `true` nor `false`';
    case 'Binary':
      return BASE64.test(value) ? undefined : 'is not base64';
    case 'Ip':
      return isCidr(value) ? undefined : 'is not an IP address or CIDR block';
    case 'String':
    case 'Date':
    case 'Arn':
      return undefined;
  }
}

function isCidr(value: string): boolean {
  const [address = '', bits, extra] = value.split('/');
  if (extra !== undefined) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  const max = v4 !== null ? 32 : 128;
  if (v4 !== null) {
    if (v4.slice(1).some((o) => Number(o) > 255)) return false;
  } else if (!isIpv6(address)) {
    return false;
  }
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

function isIpv6(address: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(address) || address.split('::').length > 2) return false;
  const groups = address.split(':').filter((g) => g !== '');
  const compressed = address.includes('::');
  return groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) && (compressed ? groups.length < 8 : groups.length === 8);
}
