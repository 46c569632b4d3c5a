import type { ConditionBlock, PrincipalSpec } from '../types.js';
import type { DraftDocument, DraftStatement, ListField, PrincipalField } from './draft.js';
import { messages } from './messages.js';
import { parseConditionOperator } from './parse-condition-operator.js';
import type { JsonValue } from './parse-json.js';
import { malformed, type PolicyIssue } from './policy-issue.js';

/**
 * The syntax phase: the policy grammar (IAM-UG reference_policies_grammar) checked against the parsed JSON,
 * every violation reported as `Syntax errors in policy.` — unknown or repeated-in-meaning elements, wrong
 * JSON types, Effect other than Allow/Deny, Version other than the two published ones, Action with
 * NotAction, and so on (recorded cases 0–10, 26, 31, 39–54, 57, 58, 61, 62).
 * JSON `null` counts as an absent element, and is skipped inside lists (recorded valid case 41).
 */
interface ReadOutcome {
  readonly draft: DraftDocument | undefined;
  readonly issues: readonly PolicyIssue[];
}

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
const EXCLUSIVE_PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

type Entries = ReadonlyMap<string, JsonValue>;

export function readDocument(root: JsonValue): ReadOutcome {
  const issues: PolicyIssue[] = [];
  const syntax = (path: string): null => {
    issues.push(malformed(messages.syntax, path));
    return null;
  };
  if (root.t !== 'obj') {
    syntax('$');
    return { draft: undefined, issues };
  }
  const doc = root.entries;
  for (const key of doc.keys()) if (!DOCUMENT_KEYS.has(key)) syntax(key);
  const version = readVersion(present(doc, 'Version'), syntax);
  const idValue = present(doc, 'Id');
  const id = idValue === undefined ? undefined : idValue.t === 'str' ? idValue.v : syntax('Id');
  const statementValue = present(doc, 'Statement');
  const statements: DraftStatement[] = [];
  let statementWasObject = false;
  if (statementValue === undefined) {
    syntax('Statement');
  } else if (statementValue.t === 'obj') {
    statementWasObject = true;
    statements.push(readStatement(statementValue.entries, 0, 'Statement', syntax));
  } else if (statementValue.t === 'arr') {
    if (statementValue.items.length === 0) syntax('Statement');
    statementValue.items.forEach((item, index) => {
      const path = `Statement[${index}]`;
      if (item.t === 'obj') statements.push(readStatement(item.entries, index, path, syntax));
      else syntax(path);
    });
  } else {
    syntax('Statement');
  }
  return { draft: { version, id, statementWasObject, statements }, issues };
}

/** The element's value, or undefined when it is absent or JSON null. */
function present(entries: Entries, key: string): JsonValue | undefined {
  const value = entries.get(key);
  return value === undefined || value.t === 'null' ? undefined : value;
}

function readVersion(value: JsonValue | undefined, syntax: (path: string) => null): string | null | undefined {
  if (value === undefined) return undefined;
  return value.t === 'str' && VERSIONS.has(value.v) ? value.v : syntax('Version');
}

function readStatement(entries: Entries, index: number, path: string, syntax: (path: string) => null): DraftStatement {
  for (const key of entries.keys()) if (!STATEMENT_KEYS.has(key)) syntax(`${path}.${key}`);
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (present(entries, a) !== undefined && present(entries, b) !== undefined) syntax(`${path}.${b}`);
  }
  const sidValue = present(entries, 'Sid');
  const sid = sidValue === undefined ? undefined : sidValue.t === 'str' ? sidValue.v : syntax(`${path}.Sid`);
  const lists: Partial<Record<ListField, readonly string[] | null>> = {};
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const value = present(entries, field);
    if (value !== undefined) lists[field] = readStrings(value) ?? syntax(`${path}.${field}`);
  }
  const principals: Partial<Record<PrincipalField, PrincipalSpec | null>> = {};
  for (const field of ['Principal', 'NotPrincipal'] as const) {
    const value = present(entries, field);
    if (value !== undefined) principals[field] = readPrincipal(value) ?? syntax(`${path}.${field}`);
  }
  const conditionValue = present(entries, 'Condition');
  const condition = conditionValue === undefined ? undefined : readCondition(conditionValue, `${path}.Condition`, syntax);
  return {
    index,
    path,
    sid,
    effect: readEffect(present(entries, 'Effect'), `${path}.Effect`, syntax),
    lists,
    principals,
    condition,
  };
}

/** `Allow`/`Deny` in any letter case passes the grammar; the exact spelling is a later, legacy check. */
function readEffect(value: JsonValue | undefined, path: string, syntax: (path: string) => null): string | null {
  if (value?.t === 'str' && /^(allow|deny)$/i.test(value.v)) return value.v;
  return syntax(path);
}

/** A string or an array of strings (nulls skipped); undefined when the JSON has another shape. */
function readStrings(value: JsonValue): string[] | undefined {
  if (value.t === 'str') return [value.v];
  if (value.t !== 'arr') return undefined;
  const out: string[] = [];
  for (const item of value.items) {
    if (item.t === 'str') out.push(item.v);
    else if (item.t !== 'null') return undefined;
  }
  return out;
}

/**
 * `"*"` stays `'*'`; an object keeps only the four principal types, each as an array, so `{"AWS":"*"}`
 * becomes `{AWS:['*']}` and remains distinguishable from `"*"` (aws-behaviour.md §7.2).
 */
function readPrincipal(value: JsonValue): PrincipalSpec | undefined {
  if (value.t === 'str') return value.v === '*' ? '*' : undefined;
  if (value.t !== 'obj') return undefined;
  const spec: Partial<Record<(typeof PRINCIPAL_TYPES)[number], readonly string[]>> = {};
  for (const [key, item] of value.entries) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) return undefined;
    if (item.t === 'null') continue;
    const values = readStrings(item);
    if (values === undefined) return undefined;
    spec[key as (typeof PRINCIPAL_TYPES)[number]] = values;
  }
  return spec;
}

/** Scalars become strings as written: `true` → `"true"`, `1.50` → `"1.50"` (AWS compares condition values as text). */
function scalarText(value: JsonValue): string | undefined {
  switch (value.t) {
    case 'str':
      return value.v;
    case 'bool':
      return value.v ? 'true' : 'false';
    case 'num':
      return value.raw;
    default:
      return undefined;
  }
}

function readConditionValues(value: JsonValue): string[] | undefined {
  const scalar = scalarText(value);
  if (scalar !== undefined) return [scalar];
  if (value.t === 'null') return [];
  if (value.t !== 'arr') return undefined;
  const out: string[] = [];
  for (const item of value.items) {
    const text = scalarText(item);
    if (text !== undefined) out.push(text);
    else if (item.t !== 'null') return undefined;
  }
  return out;
}

function readCondition(value: JsonValue, path: string, syntax: (path: string) => null): ConditionBlock | null {
  if (value.t !== 'obj') return syntax(path);
  let wellFormed = true;
  const fail = (at: string): void => {
    syntax(at);
    wellFormed = false;
  };
  const operators: [string, Readonly<Record<string, readonly string[]>>][] = [];
  for (const [operator, block] of value.entries) {
    const opPath = `${path}.${operator}`;
    if (block.t !== 'obj') {
      fail(opPath);
      continue;
    }
    if (block.entries.size > 0 && parseConditionOperator(operator) === undefined) fail(opPath);
    const keys: [string, readonly string[]][] = [];
    for (const [key, keyValue] of block.entries) {
      const values = readConditionValues(keyValue);
      if (values === undefined) fail(`${opPath}.${key}`);
      else keys.push([key, values]);
    }
    // Object.fromEntries defines own data properties, so a key named `__proto__` stays plain data.
    operators.push([operator, Object.fromEntries(keys)]);
  }
  return wellFormed ? Object.fromEntries(operators) : null;
}
