/**
 * Input issues → each protocol's error.
 *
 * Query services (STS, IAM) speak Coral (aws-behaviour.md §0.7):
 *   `2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be
 *   null; Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression
 *   pattern: [\w+=,.@-]*`
 * with lower-camel member paths and list elements as `tags.1.member.key` [O: SWO-GS/auto-tag#90]; a list
 * of scalars is reported once at the list (§10.7), and the messages come in Coral's order (coral-order.ts).
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
import type { Placed } from './coral-order.js';
import { coralOrder } from './coral-order.js';
import type { Constraint, InputIssue, PathSegment } from './input-issue.js';
import type { ListElementLookup, ListElementRules } from './list-element-rules.js';
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

/** What the query messages need beyond the issues: the decoded input and the model's list element rules. */
interface QueryIssueContext {
  readonly input: Readonly<Record<string, unknown>>;
  readonly listElements: ListElementLookup;
  /** A pattern the service checks itself with its own text (service-checked-patterns.ts). */
  readonly patternLeftToService: (path: readonly PathSegment[]) => boolean;
}

/** The value at a path of the decoded input (list indexes are 1-based). */
function valueAt(input: Readonly<Record<string, unknown>>, path: readonly PathSegment[]): unknown {
  let value: unknown = input;
  for (const segment of path) {
    if (segment.kind === 'member') value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment.name] : undefined;
    else value = Array.isArray(value) ? value[segment.index - 1] : undefined;
  }
  return value;
}

/**
 * One message for a list of scalars whose elements break their constraints, at the list, naming every
 * constraint of the element shape (list-element-rules.ts; aws-behaviour.md §10.7).
 */
function listMessage(
  listPath: readonly PathSegment[],
  rules: ListElementRules,
  sensitive: boolean,
  style: CoralStyle,
  context: QueryIssueContext,
): string {
  const requirements = rules.constraints.map((c) => `Member must ${coralRequirement(c, style)}`);
  if (rules.notNull) requirements.push('Member must not be null');
  const value = sensitive || style === 'without-values' ? 'Value' : `Value '${coralValue(valueAt(context.input, listPath))}'`;
  return `${value} at '${coralPath(listPath)}' failed to satisfy constraint: Member must satisfy constraint: [${requirements.join(', ')}]`;
}

/** The issues as Coral messages, each with the path it is reported at. */
function coralMessages(issues: readonly InputIssue[], style: CoralStyle, context: QueryIssueContext | undefined): Placed<string>[] {
  const placed: Placed<string>[] = [];
  // [U] A list's own length comes before the constraint on its elements: list messages are placed last, and
  // coralOrder keeps the order of messages at one path.
  const lists: Placed<string>[] = [];
  const listsReported = new Set<string>();
  for (const issue of issues) {
    if (issue.kind === 'malformed') continue;
    if (issue.kind === 'constraint' && issue.constraint.kind === 'pattern' && context?.patternLeftToService(issue.path) === true) continue;
    const last = issue.path[issue.path.length - 1];
    if (issue.kind === 'constraint' && last?.kind === 'index' && context !== undefined) {
      const listPath = issue.path.slice(0, -1);
      const rules = context.listElements(listPath);
      if (rules !== undefined) {
        const key = coralPath(listPath);
        if (!listsReported.has(key)) {
          listsReported.add(key);
          lists.push({ path: listPath, item: listMessage(listPath, rules, issue.sensitive, style, context) });
        }
        continue;
      }
    }
    placed.push({ path: issue.path, item: coralMessage(issue, style) });
  }
  return [...placed, ...lists];
}

/**
 * Query services: a value of the wrong type stops deserialisation first; otherwise all violations at once,
 * counted after the elements of a list are gathered into one, in Coral's order (coral-order.ts).
 */
export function queryIssuesError(
  issues: readonly InputIssue[],
  style: CoralStyle = 'with-values',
  context?: QueryIssueContext,
): AwsError | undefined {
  const malformed = issues.find((i) => i.kind === 'malformed');
  if (malformed !== undefined) {
    // [U] AWS's text for this case is not documented; Cedar's message rules apply.
    return protocolErrors.malformedInput(
      `invalid value \`${malformed.raw}\` for \`${wirePath(malformed.path)}\`: expected ${article(malformed.expected)}`,
    );
  }
  const messages = coralOrder(coralMessages(issues, style, context));
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
