import { messages } from '../parse/messages.js';
import { parseJson } from '../parse/parse-json.js';
import { malformed, type PolicyIssue, type PolicyParseResult } from '../parse/policy-issue.js';
import { readDocument } from '../parse/read-document.js';
import type { PolicyKind } from '../types.js';
import { checkLegacy, checkNoPrincipal, checkSids, checkVersion } from './check-phases.js';
import { checkStatement } from './check-statement.js';
import { collectWarnings } from './collect-warnings.js';
import { toPolicyDocument } from './to-policy-document.js';

/**
 * Parses and validates a policy document as IAM does for the given kind, collecting every problem.
 * The phases run in IAM's reporting order, so `issues[0]` is what AWS answers:
 *   1. JSON           — not JSON: `Syntax errors in policy.` (trust and bucket policies:
 *                       `This policy contains invalid Json`)
 *   2. grammar        — `Syntax errors in policy.`
 *   3. version        — permission policies must say 2012-10-17
 *   4. principals     — permission policies must not name any
 *   5. legacy parsing — Effect spelling, Date values, legacy-shaped ARNs
 *   6. statement IDs  — unique
 *   7. per statement  — principals, resources, actions, presence (`checkStatement`)
 * Size quotas are separate (`checkPolicySize`) because their limit depends on the operation.
 * Pure: never throws for any input string.
 */
export function parsePolicy(text: string, kind: PolicyKind): PolicyParseResult {
  const json = parseJson(text);
  if (json.kind !== 'ok') {
    const message = kind === 'trust' || kind === 'resource' ? messages.invalidJson : messages.syntax;
    return { kind: 'error', issues: [malformed(message)] };
  }
  const { draft, issues: syntaxIssues } = readDocument(json.value);
  if (draft === undefined) return { kind: 'error', issues: syntaxIssues };
  const issues: PolicyIssue[] = [
    ...syntaxIssues,
    ...checkVersion(draft, kind),
    ...checkNoPrincipal(draft, kind),
    ...checkLegacy(draft, kind),
    ...checkSids(draft),
    ...draft.statements.flatMap((s) => checkStatement(s, kind)),
  ];
  if (issues.length > 0) return { kind: 'error', issues };
  return { kind: 'ok', document: toPolicyDocument(draft), warnings: collectWarnings(draft, json.duplicateKeys) };
}
