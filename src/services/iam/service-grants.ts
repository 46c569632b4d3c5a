/**
 * Whether a permission policy grants access to a service (ListPoliciesGrantingServiceAccess, aws-behaviour.md
 * §12.4): some `Allow` statement names an action of the service — through `Action`, or through `NotAction` that leaves
 * one of the service's actions out. The service's actions come from the service reference (service-catalog.ts), so a
 * pattern that matches none of them grants nothing, and a namespace the reference does not know is granted by no
 * policy [U]. Resources, conditions and `Deny` statements are not weighed: the operation "only applies permissions
 * policy logic" (IAM-MODEL) [U: how far].
 */
import type { PolicyDocument, Statement } from '../../policy/types.js';

/** `*` and `?` as IAM matches actions: case-insensitively, over the whole text (aws-behaviour.md §7.2). */
function actionMatcher(pattern: string): (action: string) => boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 'i');
  return (action) => regex.test(action);
}

function statementGrants(statement: Statement, qualified: readonly string[]): boolean {
  if (statement.effect !== 'Allow') return false;
  if (statement.action !== undefined) {
    const matchers = statement.action.map(actionMatcher);
    return qualified.some((action) => matchers.some((matches) => matches(action)));
  }
  if (statement.notAction !== undefined) {
    const matchers = statement.notAction.map(actionMatcher);
    return qualified.some((action) => !matchers.some((matches) => matches(action)));
  }
  return false;
}

/** `actions` are the service's action names (`GetObject`), `namespace` its prefix (`s3`). */
export function grantsService(document: PolicyDocument | undefined, namespace: string, actions: readonly string[]): boolean {
  if (document === undefined || actions.length === 0) return false;
  const qualified = actions.map((name) => `${namespace}:${name}`);
  return document.statements.some((statement) => statementGrants(statement, qualified));
}
