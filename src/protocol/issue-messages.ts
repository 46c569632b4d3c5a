/**
 * Input issues → each protocol's error.
 *
 * Query services (STS, IAM) speak Coral (aws-behaviour.md §0.7):
 *   `2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must
 *   satisfy regular expression pattern: [\w+=,.@-]*; Value null at 'roleArn' failed to satisfy constraint:
 *   Member must not be null`
 * with lower-camel member paths and list elements as `tags.1.member.key` [O: SWO-GS/auto-tag#90].
 * Sensitive members print `Value at '…'` without the value, as Coral does for passwords [O]. IAM prints no
 * value for any member, and its enum requirement is `Member must satisfy enum value set` without the set
 * (aws-behaviour.md §10.2).
 *
 * EC2 reports one error: `MissingParameter` for an absent required parameter, `InvalidParameterValue`
 * otherwise (§3.4).
 */
import type { AwsError } from '../errors/aws-error.js';
import { queryErrors } from '../errors/common.js';
import { assertNever } from '../lib/assert-never.js';
import type { Constraint, InputIssue, PathSegment } from './input-issue.js';
import { protocolErrors } from './protocol-errors.js';

function lowerFirst(name: string): string {
  return name === '' ? name : name[0]!.toLowerCase() + name.slice(1);
}

/** `tags.1.member.key` */
function coralPath(path: readonly PathSegment[]): string {
  return path.map((s) => (s.kind === 'member' ? lowerFirst(s.name) : `${s.index}.member`)).join('.');
}

/** `Filter.1.Value.2`: the parameter name as the client sent it. */
function wirePath(path: readonly PathSegment[]): string {
  return path.map((s) => (s.kind === 'member' ? s.wire : String(s.index))).join('.');
}

/** How a query service writes Coral messages: STS shows the offending value, IAM does not (§10.2). */
type CoralStyle = 'with-values' | 'without-values';

function coralRequirement(constraint: Constraint, style: CoralStyle): string {
  switch (constraint.kind) {
    case 'pattern':
      return `satisfy regular expression pattern: ${constraint.pattern}`;
    case 'minLength':
      return `have length greater than or equal to ${constraint.limit}`;
    case 'maxLength':
      return `have length less than or equal to ${constraint.limit}`;
    case 'minValue':
      return `have value greater than or equal to ${constraint.limit}`;
    case 'maxValue':
      return `have value less than or equal to ${constraint.limit}`;
    case 'enum':
      return style === 'without-values' ? 'satisfy enum value set' : `satisfy enum value set: [${constraint.values.join(', ')}]`;
    default:
      return assertNever(constraint, 'constraint');
  }
}

/** How Coral prints a value: Java's `toString`, so lists as `[a, b]`. */
function coralValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(coralValue).join(', ')}]`;
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${coralValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function coralMessage(issue: InputIssue & { kind: 'missing' | 'constraint' }, style: CoralStyle): string {
  const at = coralPath(issue.path);
  if (issue.kind === 'missing') return `Value null at '${at}' failed to satisfy constraint: Member must not be null`;
  const value = issue.sensitive || style === 'without-values' ? 'Value' : `Value '${coralValue(issue.value)}'`;
  return `${value} at '${at}' failed to satisfy constraint: Member must ${coralRequirement(issue.constraint, style)}`;
}

/** Query services: a value of the wrong type stops deserialisation first; otherwise all violations at once. */
export function queryIssuesError(issues: readonly InputIssue[], style: CoralStyle = 'with-values'): AwsError | undefined {
  const malformed = issues.find((i) => i.kind === 'malformed');
  if (malformed !== undefined) {
    // [U] AWS's text for this case is not documented; Cedar's message rules apply.
    return protocolErrors.malformedInput(
      `invalid value \`${malformed.raw}\` for \`${wirePath(malformed.path)}\`: expected ${article(malformed.expected)}`,
    );
  }
  const messages: string[] = [];
  for (const issue of issues) if (issue.kind !== 'malformed') messages.push(coralMessage(issue, style));
  if (messages.length === 0) return undefined;
  const count = messages.length === 1 ? '1 validation error' : `${messages.length} validation errors`;
  return queryErrors.validation(`${count} detected: ${messages.join('; ')}`);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** EC2: the first issue, in member order. */
export function ec2IssuesError(issues: readonly InputIssue[]): AwsError | undefined {
  const issue = issues[0];
  if (issue === undefined) return undefined;
  const name = wirePath(issue.path);
  switch (issue.kind) {
    case 'missing':
      return protocolErrors.ec2MissingParameter(name);
    case 'malformed':
      return protocolErrors.ec2InvalidParameterValue(`Value (${issue.raw}) for parameter ${lowerFirst(name)} is invalid.`);
    case 'constraint':
      return protocolErrors.ec2InvalidParameterValue(ec2ConstraintMessage(lowerFirst(name), issue.value, issue.constraint));
    default:
      return assertNever(issue, 'issue');
  }
}

/**
 * `Value ( 1 ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.` is the form EC2
 * uses for ranges [O]; the other reasons follow the same `Value (…) for parameter … is invalid.` form [U].
 */
function ec2ConstraintMessage(name: string, value: unknown, constraint: Constraint): string {
  const shown = coralValue(value);
  switch (constraint.kind) {
    case 'minValue':
    case 'maxValue':
      return `Value ( ${shown} ) for parameter ${name} is invalid. ${ec2Range(constraint)}`;
    case 'enum':
      return `Value (${shown}) for parameter ${name} is invalid. Valid values are: ${constraint.values.join(', ')}.`;
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      return `Value (${shown}) for parameter ${name} is invalid. Member must ${coralRequirement(constraint, 'with-values')}.`;
    default:
      return assertNever(constraint, 'constraint');
  }
}

function ec2Range(constraint: Constraint & { kind: 'minValue' | 'maxValue' }): string {
  return constraint.kind === 'minValue'
    ? `Parameter must be greater than or equal to ${constraint.limit}.`
    : `Parameter must be less than or equal to ${constraint.limit}.`;
}
