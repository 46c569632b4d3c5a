import type { DraftStatement, ListField } from '../parse/draft.js';
import { messages } from '../parse/messages.js';
import { malformed, type PolicyIssue } from '../parse/policy-issue.js';
import type { PolicyKind } from '../types.js';
import { actionIssue, isTrustAction } from './check-action.js';
import { badPrincipals, namesNobody } from './check-principal.js';
import { resourceIssue } from './check-resource.js';

/**
 * The per-statement checks that follow the document-wide phases, in the order IAM reports them for one
 * statement (aws-behaviour.md §10.11; recorded cases 11–20, 27–35, 38, 55, 56): principals (trust and resource
 * policies), missing actions, missing resources, resource format, then action format. Missing resources beat a
 * malformed action (case 29: `"Action":"invalid"` without Resource); a malformed resource beats a malformed
 * action (case 18). That a missing action beats a malformed, not legacy-shaped resource is not recorded [U].
 * Elements that were malformed (`null` in the draft) were already reported by the syntax phase.
 */
export function checkStatement(statement: DraftStatement, kind: PolicyKind): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const at = (field: string, i?: number): string => (i === undefined ? `${statement.path}.${field}` : `${statement.path}.${field}[${i}]`);
  const report = (message: string, path: string): void => {
    issues.push(malformed(message, path));
  };
  const { lists } = statement;

  if (kind === 'trust' || kind === 'resource') checkPrincipals(statement, kind, report);

  if (isEmpty(lists, 'Action', 'NotAction')) report(messages.noActions, statement.path);
  if (kind !== 'trust' && isEmpty(lists, 'Resource', 'NotResource')) report(messages.noResources, statement.path);

  if (kind === 'trust') {
    for (const field of ['Resource', 'NotResource'] as const) {
      if (lists[field] !== undefined) report(messages.trustProhibited(field), at(field));
    }
  } else {
    for (const field of ['Resource', 'NotResource'] as const) {
      (lists[field] ?? []).forEach((resource, i) => {
        const message = resourceIssue(resource);
        if (message !== undefined) report(kind === 'resource' ? messages.bucketInvalidResource : message, at(field, i));
      });
    }
  }

  for (const field of ['Action', 'NotAction'] as const) {
    (lists[field] ?? []).forEach((action, i) => {
      const message = actionIssue(action);
      if (message !== undefined) report(kind === 'resource' ? messages.bucketInvalidAction : message, at(field, i));
      else if (kind === 'trust' && !isTrustAction(action)) report(messages.trustActions, at(field, i));
    });
  }

  return issues;
}

/** Neither element is present with entries, and neither was malformed (recorded cases 27, 28, 30, 33). */
function isEmpty(lists: DraftStatement['lists'], a: ListField, b: ListField): boolean {
  const first = lists[a];
  const second = lists[b];
  if (first === null || second === null) return false;
  return (first ?? []).length === 0 && (second ?? []).length === 0;
}

function checkPrincipals(statement: DraftStatement, kind: 'trust' | 'resource', report: (message: string, path: string) => void): void {
  const fields = (['Principal', 'NotPrincipal'] as const).filter((f) => statement.principals[f] !== undefined);
  if (fields.some((f) => statement.principals[f] === null)) return;
  const specs = fields.flatMap((f) => {
    const spec = statement.principals[f];
    return spec === undefined || spec === null ? [] : [{ field: f, spec }];
  });
  if (specs.length === 0 || specs.every(({ spec }) => namesNobody(spec))) {
    report(kind === 'trust' ? messages.trustNoPrincipals : messages.bucketMissingPrincipal, statement.path);
    return;
  }
  for (const { field, spec } of specs) {
    for (const bad of badPrincipals(spec, kind === 'resource')) {
      const message = kind === 'trust' ? messages.invalidPrincipal(bad.type, bad.value) : messages.bucketInvalidPrincipal;
      report(message, `${statement.path}.${field}.${bad.type}`);
    }
  }
}
