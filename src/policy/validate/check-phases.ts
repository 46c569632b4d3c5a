import type { DraftDocument } from '../parse/draft.js';
import { messages } from '../parse/messages.js';
import { parseConditionOperator } from '../parse/parse-condition-operator.js';
import { malformed, type PolicyIssue } from '../parse/policy-issue.js';
import type { PolicyKind } from '../types.js';
import { failsLegacyResourceParsing } from './check-resource.js';
import { isPolicyDate } from './is-policy-date.js';

/**
 * The document-wide phases between the syntax phase and the per-statement checks. Their order is IAM's,
 * as the recorded cases show: version (60, 65, 66 beat duplicate SIDs, bad dates and bad Effect), then
 * legacy parsing (37, 67, 69, 70, 76 beat missing actions, region, duplicate SIDs and partition), then
 * duplicate SIDs (59 beats a missing action).
 */

/** Permission policies need 2012-10-17; trust and bucket policies also accept 2008-10-17 or no Version. */
export function checkVersion(draft: DraftDocument, kind: PolicyKind): PolicyIssue[] {
  if (kind === 'trust' || kind === 'resource' || draft.version === null) return [];
  return draft.version === '2012-10-17' ? [] : [malformed(messages.version, 'Version')];
}

/** Identity, boundary and session policies are about their holder and may not name principals (§2.1). */
export function checkNoPrincipal(draft: DraftDocument, kind: PolicyKind): PolicyIssue[] {
  if (kind === 'trust' || kind === 'resource') return [];
  return draft.statements.flatMap((s) =>
    (['Principal', 'NotPrincipal'] as const)
      .filter((f) => s.principals[f] !== undefined)
      .map((f) => malformed(messages.principalNotAllowed, `${s.path}.${f}`)),
  );
}

/**
 * What IAM's older parser refuses even though the grammar allows it: an Effect not spelled exactly
 * `Allow`/`Deny` (63, 69, 70), a Date condition value it cannot read (64, 72–76), and ARNs of a known
 * partition with an empty vendor or four or five fields (36, 37, 68, 71, 77).
 */
export function checkLegacy(draft: DraftDocument, kind: PolicyKind): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const legacy = (path: string): void => {
    issues.push(malformed(messages.legacy, path));
  };
  for (const s of draft.statements) {
    if (typeof s.effect === 'string' && s.effect !== 'Allow' && s.effect !== 'Deny') legacy(`${s.path}.Effect`);
    if (kind !== 'trust') {
      for (const field of ['Resource', 'NotResource'] as const) {
        (s.lists[field] ?? []).forEach((r, i) => {
          if (failsLegacyResourceParsing(r)) legacy(`${s.path}.${field}[${i}]`);
        });
      }
    }
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
      if (parseConditionOperator(operator)?.family !== 'Date') continue;
      for (const [key, values] of Object.entries(block)) {
        for (const value of values) if (!isPolicyDate(value)) legacy(`${s.path}.Condition.${operator}.${key}`);
      }
    }
  }
  return issues;
}

/** Non-empty Sids must be unique within the document; empty ones may repeat (recorded valid case 52). */
export function checkSids(draft: DraftDocument): PolicyIssue[] {
  const seen = new Set<string>();
  const issues: PolicyIssue[] = [];
  for (const s of draft.statements) {
    if (typeof s.sid !== 'string' || s.sid === '') continue;
    if (seen.has(s.sid)) issues.push(malformed(messages.duplicateSid, `${s.path}.Sid`));
    seen.add(s.sid);
  }
  return issues;
}
